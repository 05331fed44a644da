// Changing who a console user is allowed to be: disable, enable, change role. Each ends the user's sessions at
// once (a session is bound to the role it started with) and is recorded in the ledger. The CLI calls these with
// no actor (the operator at the machine); the console's user management will call them with a privacy admin.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { ROLES, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { recordAuthEvent } from "./auth-events";
import { endAllSessionsOf } from "./sessions";

interface Ctx {
  actor: Actor | null;
  meta: RequestMeta;
}

async function findUser(email: string) {
  const user = await getDb().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, role: true, status: true },
  });
  if (!user) throw new AppError("not_found", `no user with email ${email.trim().toLowerCase()}`, { field: "email" });
  return user;
}

function guardSelf(actor: Actor | null, userId: string, what: string) {
  // An admin cannot lock themselves out by mistake, nor raise or change their own role (law 3's spirit).
  if (actor?.id === userId) throw new AppError("forbidden", `You cannot ${what} your own account`, { field: "email" });
}

export async function setUserStatus(
  email: string,
  status: "active" | "disabled",
  ctx: Ctx,
): Promise<{ id: string; changed: boolean; sessionsEnded: number }> {
  const user = await findUser(email);
  guardSelf(ctx.actor, user.id, status === "disabled" ? "disable" : "enable");
  if (user.status === status) return { id: user.id, changed: false, sessionsEnded: 0 };
  return applyChange(user.id, { status }, status === "disabled" ? "user_disabled" : null, ctx, {
    action: status === "disabled" ? "auth.user_disabled" : "auth.user_enabled",
    payload: {},
  });
}

export async function changeUserRole(email: string, role: Role, ctx: Ctx): Promise<{ id: string; changed: boolean; sessionsEnded: number }> {
  if (!ROLES.includes(role)) throw new AppError("validation_failed", `role must be one of: ${ROLES.join(", ")}`, { field: "role" });
  const user = await findUser(email);
  guardSelf(ctx.actor, user.id, "change the role of");
  if (user.role === role) return { id: user.id, changed: false, sessionsEnded: 0 };
  return applyChange(user.id, { role }, "role_changed", ctx, { action: "auth.user_role_changed", payload: { from: user.role, to: role } });
}

/** Writes the change, ends the user's sessions when it takes access away, and records both. */
async function applyChange(
  userId: string,
  data: { status?: string; role?: string },
  endSessions: "user_disabled" | "role_changed" | null,
  ctx: Ctx,
  event: { action: "auth.user_disabled" | "auth.user_enabled" | "auth.user_role_changed"; payload: Record<string, string> },
): Promise<{ id: string; changed: true; sessionsEnded: number }> {
  await getDb().user.update({ where: { id: userId }, data });
  const sessionsEnded = endSessions ? await endAllSessionsOf(userId, endSessions, ctx.actor?.id ?? null) : 0;
  await recordAuthEvent({
    action: event.action,
    decision: "allow",
    user: ctx.actor,
    anonymousRole: "system",
    meta: ctx.meta,
    purpose: "user management",
    resource: `user:${userId}`,
    payload: { ...event.payload, sessions_ended: sessionsEnded },
  });
  return { id: userId, changed: true, sessionsEnded };
}
