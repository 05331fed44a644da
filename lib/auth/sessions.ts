// Server-side sessions (docs/decisions/008-sessions-and-throttling.md). The next-auth cookie is a signed JWT that
// only names a session row; every request checks that row, so sign-out, an admin's "sign out everywhere",
// disabling the user and a role change end a session at once, and a session unused for SESSION_IDLE_SECONDS ends.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { can } from "@/lib/core/permissions";
import { dbTarget, getDb } from "@/lib/db/client";
import { dateFromDb, queryRaw, type DbStamp } from "@/lib/db/raw";
import type { Tx } from "@/lib/ledger/unit-of-work";
import { recordAuthEvent } from "./auth-events";
import { activeSessionUser } from "./load-session-user";
import type { SessionUser } from "./session-user";

export type SessionEndReason = "signed_out" | "revoked" | "user_disabled" | "role_changed" | "idle" | "expired";

/** last_seen_at is written at most this often per session: the idle timeout does not need more precision. */
const TOUCH_EVERY_MS = 60_000;

export async function startSession(
  user: SessionUser,
  method: "password" | "oidc",
  meta: RequestMeta,
  device: string,
): Promise<{ id: string; expiresAt: Date }> {
  const at = now();
  const expiresAt = new Date(at.getTime() + env().sessionMaxAgeSeconds * 1000);
  const id = newId("ses", 16);
  await getDb().session.create({
    data: {
      id,
      userId: user.id,
      role: user.role,
      method,
      device: device.slice(0, 120),
      ipHash: meta.ipHash,
      createdAt: at,
      lastSeenAt: at,
      expiresAt,
    },
  });
  return { id, expiresAt };
}

export type SessionCheck = { ok: true; user: SessionUser } | { ok: false; reason: SessionEndReason | "unknown" | "ended" };

/** Whether the session may serve this request; an invalid one is ended on the way (best effort). */
export async function checkSession(sessionId: string): Promise<SessionCheck> {
  const at = now();
  const row = await readSessionRow(sessionId);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.endedAt) return { ok: false, reason: "ended" };
  const user = activeSessionUser(row.user);
  const reason: SessionEndReason | null =
    user === null
      ? "user_disabled"
      : user.role !== row.role
        ? "role_changed"
        : at > row.expiresAt
          ? "expired"
          : at.getTime() - row.lastSeenAt.getTime() > env().sessionIdleSeconds * 1000
            ? "idle"
            : null;
  if (reason || !user) {
    void closeSessions({ id: sessionId }, reason ?? "user_disabled", null, at).catch(logSessionWriteFailure);
    return { ok: false, reason: reason ?? "user_disabled" };
  }
  if (at.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    // Not awaited: a page that only reads must not wait for the write lock (another process may hold it).
    void getDb()
      .session.updateMany({ where: { id: sessionId, endedAt: null }, data: { lastSeenAt: at } })
      .catch(logSessionWriteFailure);
  }
  return { ok: true, user };
}

// Every request reads this row, so it goes to the raw driver: Prisma compiles and maps each query again, about as
// much CPU as the rest of the check (docs/decisions/040-console-render-speed.md). Same columns, same join.
const SESSION_ROW_SQL = `SELECT s.role AS session_role, s.last_seen_at, s.expires_at, s.ended_at,
  u.id, u.email, u.name, u.role, u.status
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`;

interface SessionRow {
  role: string;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  user: { id: string; email: string; name: string; role: string; status: string };
}

async function readSessionRow(sessionId: string): Promise<SessionRow | null> {
  const [r] = await queryRaw<{
    session_role: string;
    last_seen_at: DbStamp;
    expires_at: DbStamp;
    ended_at: DbStamp | null;
    id: string;
    email: string;
    name: string;
    role: string;
    status: string;
  }>(dbTarget(), SESSION_ROW_SQL, [sessionId]);
  if (!r) return null;
  return {
    role: r.session_role,
    lastSeenAt: dateFromDb(r.last_seen_at),
    expiresAt: dateFromDb(r.expires_at),
    endedAt: r.ended_at === null ? null : dateFromDb(r.ended_at),
    user: { id: r.id, email: r.email, name: r.name, role: r.role, status: r.status },
  };
}

/** Ends the session this browser holds (sign-out) and records it, as the session's own user and role. */
export async function signOutSession(sessionId: string, meta: RequestMeta): Promise<void> {
  const row = await getDb().session.findUnique({ where: { id: sessionId }, select: { userId: true, role: true } });
  if (!row) return;
  const ended = await closeSessions({ id: sessionId }, "signed_out", row.userId, now());
  if (ended === 0) return; // already ended: nothing to record twice
  await recordAuthEvent({
    action: "auth.signed_out",
    decision: "allow",
    user: { id: row.userId, role: row.role },
    meta,
    purpose: "sign-out",
    payload: { session_id: sessionId },
  });
}

export interface SessionListRow {
  id: string;
  userId: string;
  userEmail: string;
  userName: string;
  userRole: string;
  method: string;
  device: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Active sessions: the actor's own, or everyone's for a privacy admin (session.manage_all). */
export async function listSessions(actor: Actor, scope: "own" | "all"): Promise<SessionListRow[]> {
  if (scope === "all" && !can(actor, "session.manage_all")) throw new AppError("forbidden", "Only a privacy admin can see everyone's sessions");
  const at = now();
  const idleFloor = new Date(at.getTime() - env().sessionIdleSeconds * 1000);
  const rows = await getDb().session.findMany({
    where: { endedAt: null, expiresAt: { gt: at }, lastSeenAt: { gt: idleFloor }, ...(scope === "own" ? { userId: actor.id } : {}) },
    select: {
      id: true,
      userId: true,
      method: true,
      device: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      user: { select: { email: true, name: true, role: true } },
    },
    orderBy: [{ lastSeenAt: "desc" }],
    take: 500,
  });
  return rows.map(({ user, ...r }) => ({ ...r, userEmail: user.email, userName: user.name, userRole: user.role }));
}

/**
 * Ends one session (its owner, or a privacy admin) or every session of a user ("sign out everywhere"; the user
 * themself or a privacy admin), and records who did it. Returns how many sessions ended.
 */
export async function revokeSessions(
  actor: Actor,
  target: { sessionId: string } | { userId: string; exceptSessionId?: string },
  meta: RequestMeta,
): Promise<number> {
  const db = getDb();
  const ownerId =
    "sessionId" in target ? (await db.session.findUnique({ where: { id: target.sessionId }, select: { userId: true } }))?.userId : target.userId;
  if (!ownerId) throw new AppError("not_found", "No such session", { field: "sessionId" });
  if (ownerId !== actor.id && !can(actor, "session.manage_all")) {
    // The same answer as for an unknown id: a session id of someone else's is not confirmed to exist.
    throw new AppError("not_found", "No such session", { field: "sessionId" });
  }
  const where =
    "sessionId" in target
      ? { id: target.sessionId }
      : { userId: target.userId, ...(target.exceptSessionId ? { NOT: { id: target.exceptSessionId } } : {}) };
  const ended = await closeSessions(where, "revoked", actor.id, now());
  if (ended > 0) {
    await recordAuthEvent({
      action: "auth.session_ended",
      decision: "allow",
      user: actor,
      meta,
      purpose: ownerId === actor.id ? "sign out other sessions" : "sessions revoked by an admin",
      resource: `user:${ownerId}`,
      payload: { sessions: ended, reason: "revoked", ...("sessionId" in target ? { session_id: target.sessionId } : { all: true }) },
    });
  }
  return ended;
}

/**
 * For disabling a user or changing their role: ends all their sessions (recorded by the caller's own entry). Pass
 * the caller's transaction so the change and the sessions it ends commit together (lib/auth/manage-user.ts).
 */
export async function endAllSessionsOf(
  userId: string,
  reason: "user_disabled" | "role_changed" | "revoked",
  byId: string | null,
  tx?: Tx,
): Promise<number> {
  return closeSessions({ userId }, reason, byId, now(), tx);
}

async function closeSessions(
  where: { id?: string; userId?: string; NOT?: { id: string } },
  reason: SessionEndReason,
  byId: string | null,
  at: Date,
  tx?: Tx,
): Promise<number> {
  const r = await (tx ?? getDb()).session.updateMany({
    where: { ...where, endedAt: null },
    data: { endedAt: at, endReason: reason, endedById: byId },
  });
  return r.count;
}

/** Ended and long-expired sessions older than 90 days are removed (maintenance); the ledger keeps the history. */
export async function pruneSessions(): Promise<number> {
  const floor = new Date(now().getTime() - 90 * 86_400_000);
  const r = await getDb().session.deleteMany({ where: { OR: [{ endedAt: { lt: floor } }, { expiresAt: { lt: floor } }] } });
  return r.count;
}

function logSessionWriteFailure(err: unknown) {
  console.error("[warden] could not update a session row", err instanceof Error ? err.message : err);
}
