// What the request/approval verbs share (docs/decisions/013): the row lock that serialises deciders, and how a
// request or grant stores its dataset limit.
import { Prisma } from "@db-client";
import { dbTarget } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";

type LockedTable = "access_requests" | "users";

/**
 * Locks one row until the transaction ends, so concurrent deciders take turns and each re-reads the state the
 * previous one committed. PostgreSQL: SELECT … FOR UPDATE. SQLite: the unit of work began with BEGIN IMMEDIATE, so
 * the whole database is already this transaction's alone.
 */
export async function lockRow(tx: Tx, table: LockedTable, id: string): Promise<void> {
  if (dbTarget().dialect !== "postgresql") return;
  // The table name is one of two literals (never input); the id is a bound parameter.
  await tx.$queryRaw(Prisma.sql`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id} FOR UPDATE`);
}

/** The dataset refs stored on a request or grant: sorted, or null for every dataset. */
export function datasetsJson(refs: readonly string[] | null): string | null {
  return refs && refs.length > 0 ? JSON.stringify([...refs].sort()) : null;
}
