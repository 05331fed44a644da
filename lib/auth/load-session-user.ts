// Who a users row is as a signed-in person: read on every request (lib/auth/sessions.ts), so disabling someone or
// changing their role takes effect at once, not when the cookie expires.
import { ZRole } from "@/lib/core/schemas";
import type { SessionUser } from "./session-user";

/** A users row as a SessionUser, or null unless it is active with a known role (fail closed on a bad row). */
export function activeSessionUser(row: { id: string; email: string; name: string; role: string; status: string } | null): SessionUser | null {
  if (!row || row.status !== "active") return null;
  const role = ZRole.safeParse(row.role);
  return role.success ? { id: row.id, email: row.email, name: row.name, role: role.data } : null;
}
