// The session cookie only names a user; who they are and what they may do is read from the users table on
// every request, so disabling someone or changing their role takes effect at once, not when the cookie expires.
import { ZRole } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import type { SessionUser } from "./session-user";

/** The active user with this id, or null when they are missing, disabled or carry an unknown role. */
export async function loadActiveUser(id: string): Promise<SessionUser | null> {
  const user = await getDb().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, status: true },
  });
  return activeSessionUser(user);
}

/** A users row as a SessionUser, or null unless it is active with a known role (fail closed on a bad row). */
export function activeSessionUser(
  row: { id: string; email: string; name: string; role: string; status: string } | null,
): SessionUser | null {
  if (!row || row.status !== "active") return null;
  const role = ZRole.safeParse(row.role);
  return role.success ? { id: row.id, email: row.email, name: row.name, role: role.data } : null;
}
