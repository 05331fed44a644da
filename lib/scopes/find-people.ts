// Console users by id, for the lists that name who approved, reviewed, ended or changed something: one query,
// null and repeated ids skipped.
import { getDb } from "@/lib/db/client";

export interface Person {
  id: string;
  name: string;
  email: string;
}

export async function findPeople(ids: Iterable<string | null | undefined>): Promise<Map<string, Person>> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  if (unique.length === 0) return new Map();
  const people = await getDb().user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, email: true } });
  return new Map(people.map((p) => [p.id, p]));
}
