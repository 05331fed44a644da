// Changing who a console user is allowed to be: disable, enable, change role. The change, the sessions it ends (a
// session is bound to the role it started with) and its ledger entry commit in one transaction
// (docs/decisions/011, 016). The CLI calls these with no actor (the operator at the machine); the console's Users
// page calls them with a privacy admin. Refusals (yourself, the last privacy admin, no permission) are ledgered.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can, ROLES, type Role } from "@/lib/core/permissions";
import { dbTarget, getDb } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { commitWithLedger, governanceEntry, type Tx } from "@/lib/ledger/unit-of-work";
import { endAllSessionsOf } from "./sessions";

export interface ManageContext {
  actor: Actor | null;
  meta: RequestMeta;
}

/** An email (the CLI) or a user id (the console). */
export type UserRef = string | { userId: string };

export interface UserChange {
  id: string;
  changed: boolean;
  sessionsEnded: number;
}

type Attempt = "disable_user" | "enable_user" | "change_user_role";

export async function setUserStatus(ref: UserRef, status: "active" | "disabled", ctx: ManageContext): Promise<UserChange> {
  const attempted: Attempt = status === "disabled" ? "disable_user" : "enable_user";
  const user = await findUser(ref);
  await guard(ctx, user.id, attempted, status === "disabled" ? "disable" : "enable");
  return applyChange(user.id, ctx, attempted, (current) =>
    current.status === status
      ? null
      : {
          data: { status },
          endSessions: status === "disabled" ? "user_disabled" : null,
          removesAdmin: status === "disabled" && current.role === "privacy_admin",
          action: status === "disabled" ? "auth.user_disabled" : "auth.user_enabled",
          payload: {},
        },
  );
}

export async function changeUserRole(ref: UserRef, role: Role, ctx: ManageContext): Promise<UserChange> {
  if (!ROLES.includes(role)) throw new AppError("validation_failed", `role must be one of: ${ROLES.join(", ")}`, { field: "role" });
  const user = await findUser(ref);
  await guard(ctx, user.id, "change_user_role", "change the role of");
  return applyChange(user.id, ctx, "change_user_role", (current) =>
    current.role === role
      ? null
      : {
          data: { role },
          endSessions: "role_changed",
          removesAdmin: current.role === "privacy_admin" && current.status === "active",
          action: "auth.user_role_changed",
          payload: { from: current.role, to: role },
        },
  );
}

async function findUser(ref: UserRef): Promise<{ id: string }> {
  const where = typeof ref === "string" ? { email: ref.trim().toLowerCase() } : { id: ref.userId };
  const user = await getDb().user.findUnique({ where, select: { id: true } });
  if (!user) {
    throw typeof ref === "string"
      ? new AppError("not_found", `no user with email ${ref.trim().toLowerCase()}`, { field: "email" })
      : new AppError("not_found", "No such user", { field: "userId" });
  }
  return user;
}

/** Who may change whom, before any write: a privacy admin (user.manage), never on their own account. */
async function guard(ctx: ManageContext, userId: string, attempted: Attempt, what: string): Promise<void> {
  if (ctx.actor && !can(ctx.actor, "user.manage")) {
    throw await refuse(ctx, userId, attempted, new AppError("forbidden", "Only a privacy admin can manage console users"));
  }
  // An admin cannot lock themselves out by mistake, nor raise or change their own role (law 3's spirit).
  if (ctx.actor?.id === userId) {
    throw await refuse(ctx, userId, attempted, new AppError("forbidden", `You cannot ${what} your own account`, { field: "userId" }));
  }
}

interface Planned {
  data: { status?: string; role?: string };
  endSessions: "user_disabled" | "role_changed" | null;
  /** The change takes an active privacy admin away (disabled or demoted). */
  removesAdmin: boolean;
  action: "auth.user_disabled" | "auth.user_enabled" | "auth.user_role_changed";
  payload: Record<string, string>;
}

interface UserState {
  id: string;
  role: string;
  status: string;
}

/** Marks a refusal decided inside the transaction: it is ledgered after the rollback. */
const REFUSED = "refused_in_transaction";

async function applyChange(
  userId: string,
  ctx: ManageContext,
  attempted: Attempt,
  plan: (current: UserState) => Planned | null,
): Promise<UserChange> {
  try {
    const { result } = await commitWithLedger(async ({ tx, record }) => {
      const rows = await lockUserAndAdmins(tx, userId);
      const current = rows.find((r) => r.id === userId);
      if (!current) throw new AppError("not_found", "No such user", { field: "userId" });
      // The acting admin's own account is re-read under the same locks: an admin disabled or demoted a moment ago
      // (their session not yet checked again) changes nobody. user.manage is the privacy admin's alone.
      if (ctx.actor && !rows.some((r) => r.id === ctx.actor!.id && r.role === "privacy_admin" && r.status === "active")) {
        throw new AppError("forbidden", "Your account can no longer manage console users", { field: REFUSED });
      }
      const change = plan(current);
      if (!change) return { id: userId, changed: false, sessionsEnded: 0 };
      // Read inside the transaction, under the row locks: two admins demoting each other cannot both pass.
      const otherAdmins = rows.filter((r) => r.id !== userId && r.role === "privacy_admin" && r.status === "active");
      if (change.removesAdmin && otherAdmins.length === 0) {
        throw new AppError("forbidden", "This is the last active privacy admin: make someone else a privacy admin first", {
          field: REFUSED,
        });
      }
      await tx.user.update({ where: { id: userId }, data: change.data });
      const sessionsEnded = change.endSessions ? await endAllSessionsOf(userId, change.endSessions, ctx.actor?.id ?? null, tx) : 0;
      record(
        governanceEntry(ctx.actor, ctx.meta, {
          action: change.action,
          privacyTier: "none",
          resource: `user:${userId}`,
          purpose: "user management",
          payload: { ...change.payload, sessions_ended: sessionsEnded },
        }),
      );
      return { id: userId, changed: true, sessionsEnded };
    });
    return result;
  } catch (err) {
    if (err instanceof AppError && err.field === REFUSED) {
      throw await refuse(ctx, userId, attempted, new AppError("forbidden", err.message, { field: "userId" }));
    }
    throw err;
  }
}

/**
 * The target and every active privacy admin, read inside the transaction. On PostgreSQL the rows are locked
 * (FOR UPDATE, in id order so two such transactions never deadlock); a waiting transaction re-reads them after the
 * other commits. SQLite's transactions are serialised already (BEGIN IMMEDIATE).
 */
async function lockUserAndAdmins(tx: Tx, userId: string): Promise<UserState[]> {
  if (dbTarget().dialect === "postgresql") {
    return tx.$queryRawUnsafe<UserState[]>(
      `SELECT id, role, status FROM users WHERE id = $1 OR (role = 'privacy_admin' AND status = 'active') ORDER BY id FOR UPDATE`,
      userId,
    );
  }
  return tx.user.findMany({
    where: { OR: [{ id: userId }, { role: "privacy_admin", status: "active" }] },
    select: { id: true, role: true, status: true },
  });
}

/** A refused change is evidence too: a deny entry of its own (nothing else was written), then the caller throws. */
async function refuse(ctx: ManageContext, userId: string, attempted: Attempt, error: AppError): Promise<AppError> {
  await appendLedgerEntry(
    governanceEntry(ctx.actor, ctx.meta, {
      action: "governance.action_refused",
      decision: "deny",
      privacyTier: "none",
      resource: `user:${userId}`,
      // Our own message (never user text), safe for auditors.
      purpose: error.message,
      payload: { attempted, code: error.code, field: error.field ?? null },
    }),
  );
  return error;
}
