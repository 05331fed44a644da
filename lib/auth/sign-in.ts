// Email and password sign-in, independent of next-auth so it can be tested directly: validation, lockout
// after repeated failures, constant-time refusals and a ledger entry for every outcome.
import { z } from "zod";
import type { RequestMeta } from "@/lib/access/types";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { ZRole } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { emailHash, recordAuthEvent, type SignInFailureReason } from "./auth-events";
import { burnPasswordCheck, hashPassword, passwordNeedsRehash, verifyPassword } from "./password";
import type { SessionUser } from "./session-user";

// Bounds keep a hostile request from making argon2 hash megabytes (RFC 5321 caps an address at 254).
const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1024),
});

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks an email and password. Null for every refusal (bad input, unknown, disabled, locked, SSO-only, wrong
 * password), all taking about the same time so the answer does not reveal which. Throws only when the
 * database or the ledger is unreachable: a sign-in that cannot be recorded does not happen.
 */
export async function authenticateWithPassword(email: unknown, password: unknown, meta: RequestMeta): Promise<SessionUser | null> {
  const parsed = ZCredentials.safeParse({ email, password });
  if (!parsed.success) {
    await recordFailure(null, "invalid_input", typeof email === "string" ? normaliseEmail(email) : null, meta);
    return null;
  }
  const creds = parsed.data;
  const db = getDb();
  const user = await db.user.findUnique({
    where: { email: creds.email },
    select: { id: true, email: true, name: true, role: true, status: true, passwordHash: true },
  });

  const refuse = async (reason: SignInFailureReason) => {
    await burnPasswordCheck(creds.password);
    await recordFailure(user, reason, creds.email, meta);
    return null;
  };
  if (!user) return refuse("unknown_user");
  if (user.status !== "active") return refuse("disabled");
  if (!user.passwordHash) return refuse("no_password");
  const role = ZRole.safeParse(user.role);
  if (!role.success) return refuse("invalid_role");

  const { signInMaxFailures: maxFailures, signInLockSeconds } = env();
  // Each attempt takes one of the N allowed slots BEFORE the password is checked, in one UPDATE: parallel
  // guesses cannot all pass a "not locked yet" read and be checked together; at most N are ever checked.
  const reserved = await db.user.updateMany({
    where: { id: user.id, status: "active", failedSignIns: { lt: maxFailures }, ...notLocked(now()) },
    data: { failedSignIns: { increment: 1 } },
  });
  if (reserved.count === 0) {
    // Locked, or every slot is held by attempts in flight (or by attempts a crash never finished).
    await lockIfExhausted(user, maxFailures, signInLockSeconds, meta);
    return refuse("locked");
  }

  if (!(await verifyPassword(user.passwordHash, creds.password))) {
    await recordFailure(user, "wrong_password", creds.email, meta);
    await lockIfExhausted(user, maxFailures, signInLockSeconds, meta);
    return null;
  }

  const signedInAt = now();
  // Conditional on "still not locked": a lock set by a parallel attempt while this one was checked wins.
  const done = await db.user.updateMany({
    where: { id: user.id, status: "active", ...notLocked(signedInAt) },
    data: {
      failedSignIns: 0,
      lockedUntil: null,
      lastSignInAt: signedInAt,
      ...(passwordNeedsRehash(user.passwordHash) ? { passwordHash: await hashPassword(creds.password) } : {}),
    },
  });
  if (done.count === 0) {
    await recordFailure(user, "locked", creds.email, meta);
    return null;
  }
  await recordAuthEvent({ action: "auth.signed_in", decision: "allow", user, meta, payload: { method: "password" } });
  return { id: user.id, email: user.email, name: user.name, role: role.data };
}

function notLocked(at: Date) {
  return { OR: [{ lockedUntil: null }, { lockedUntil: { lte: at } }] };
}

/** Locks the account once its failures reach the limit. The counter restarts with the lock, so after it
 * expires the person gets N fresh attempts; only the attempt whose UPDATE matched records the lock. */
async function lockIfExhausted(user: { id: string; role: string }, maxFailures: number, lockSeconds: number, meta: RequestMeta) {
  const at = now();
  const lockedUntil = new Date(at.getTime() + lockSeconds * 1000);
  const locked = await getDb().user.updateMany({
    where: { id: user.id, failedSignIns: { gte: maxFailures }, ...notLocked(at) },
    data: { lockedUntil, failedSignIns: 0 },
  });
  if (locked.count > 0) {
    await recordAuthEvent({
      action: "auth.account_locked",
      decision: "deny",
      user,
      meta,
      payload: { failures: maxFailures, locked_until: lockedUntil.toISOString() },
    });
  }
}

async function recordFailure(user: { id: string; role: string } | null, reason: SignInFailureReason, email: string | null, meta: RequestMeta) {
  await recordAuthEvent({
    action: "auth.sign_in_failed",
    decision: "deny",
    user,
    meta,
    payload: { method: "password", reason, email_hash: email ? emailHash(email) : null },
  });
}
