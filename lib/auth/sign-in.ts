// Email and password sign-in, independent of next-auth so it can be tested directly: validation, throttling,
// constant-time refusals and a ledger entry for every outcome.
//
// Throttling (docs/decisions/008-sessions-and-throttling.md), so that guessing is slow and lockout is no easy
// denial of service:
// - per client address: SIGNIN_IP_MAX_FAILURES failures in SIGNIN_IP_WINDOW_SECONDS lock that address out (429)
//   for the rest of the window, before any password is hashed;
// - per account, for browsers that never signed in to it: SIGNIN_MAX_FAILURES failures lock the account for
//   SIGNIN_LOCK_SECONDS, for such browsers only;
// - per trusted device (a browser holding this account's signed device token, lib/auth/device-trust.ts): the same
//   limit on its own counter, so a stranger's guesses never lock the owner out of their usual browser.
import { z } from "zod";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { ZRole } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { emailHash, recordAnonymousEvent, recordAuthEvent, type SignInFailureReason } from "./auth-events";
import { issueDeviceToken, readDeviceToken } from "./device-trust";
import { burnPasswordCheck, hashPassword, passwordNeedsRehash, verifyPassword } from "./password";
import { clearKey, countEvent, lockIfExhausted, lockKeyUntil, lockedUntil, reserveSlot, type SlotLimit } from "./rate-limits";
import type { SessionUser } from "./session-user";

// Bounds keep a hostile request from making argon2 hash megabytes (RFC 5321 caps an address at 254).
const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1024),
});

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface PasswordSignIn {
  user: SessionUser;
  /** The device token to (re)set in this browser: it has now signed in to this account. */
  deviceToken: string;
}

export interface SignInClient {
  /** The device token the browser presented, if any (cookie). */
  deviceToken?: string | null;
}

/**
 * Checks an email and password. Null for every refusal (bad input, unknown, disabled, locked, SSO-only, wrong
 * password), all taking about the same time so the answer does not reveal which. Throws AppError "rate_limited"
 * (429) when the client address is locked out, and anything else only when the database or the ledger is
 * unreachable: a sign-in that cannot be recorded does not happen.
 */
export async function signInWithPassword(
  email: unknown,
  password: unknown,
  meta: RequestMeta,
  client: SignInClient = {},
): Promise<PasswordSignIn | null> {
  const e = env();
  const at = now().getTime();
  const ipKey = meta.ipHash ? `signin:ip:${meta.ipHash}` : null;
  if (ipKey) {
    const until = await lockedUntil(ipKey, at);
    if (until !== null) {
      await recordFailure(null, "throttled", typeof email === "string" ? normaliseEmail(email) : null, meta);
      throw rateLimited(until - at);
    }
  }

  const parsed = ZCredentials.safeParse({ email, password });
  if (!parsed.success) {
    await recordFailure(null, "invalid_input", typeof email === "string" ? normaliseEmail(email) : null, meta);
    await countAddressFailure(ipKey, at, meta);
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
    await countAddressFailure(ipKey, at, meta);
    return null;
  };
  if (!user) return refuse("unknown_user");
  if (user.status !== "active") return refuse("disabled");
  if (!user.passwordHash) return refuse("no_password");
  const role = ZRole.safeParse(user.role);
  if (!role.success) return refuse("invalid_role");

  const device = readDeviceToken(e.hashKey, client.deviceToken, at);
  const trusted = device !== null && device.userId === user.id;
  const key = trusted ? `signin:dev:${device.deviceId}` : `signin:acct:${user.id}`;
  const limit: SlotLimit = { max: e.signInMaxFailures, windowMs: e.signInLockSeconds * 1000, lockMs: e.signInLockSeconds * 1000 };
  // Each attempt takes one of the N slots BEFORE the password is checked: at most N are ever checked per lock.
  if (!(await reserveSlot(key, limit, at))) {
    await lockAndRecord(user, key, limit, at, trusted, meta);
    return refuse("locked");
  }

  if (!(await verifyPassword(user.passwordHash, creds.password))) {
    await recordFailure(user, "wrong_password", creds.email, meta);
    await lockAndRecord(user, key, limit, at, trusted, meta);
    await countAddressFailure(ipKey, at, meta);
    return null;
  }

  // A lock set by a parallel attempt while this one was being checked wins.
  if ((await lockedUntil(key, at)) !== null) {
    await recordFailure(user, "locked", creds.email, meta);
    return null;
  }
  await clearKey(key);
  await db.user.update({
    where: { id: user.id },
    data: {
      lastSignInAt: new Date(at),
      ...(passwordNeedsRehash(user.passwordHash) ? { passwordHash: await hashPassword(creds.password) } : {}),
    },
  });
  await recordAuthEvent({ action: "auth.signed_in", decision: "allow", user, meta, payload: { method: "password", trusted_device: trusted } });
  return {
    user: { id: user.id, email: user.email, name: user.name, role: role.data },
    deviceToken: issueDeviceToken(e.hashKey, user.id, at, device?.deviceId),
  };
}

/** The same check for callers that need only the user (tests, scripts). */
export async function authenticateWithPassword(
  email: unknown,
  password: unknown,
  meta: RequestMeta,
  client: SignInClient = {},
): Promise<SessionUser | null> {
  return (await signInWithPassword(email, password, meta, client))?.user ?? null;
}

export function rateLimited(retryAfterMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new AppError("rate_limited", `Too many failed sign-ins from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
  });
}

async function lockAndRecord(user: { id: string; role: string }, key: string, limit: SlotLimit, at: number, trusted: boolean, meta: RequestMeta) {
  const until = await lockIfExhausted(key, limit, at);
  if (until === null) return;
  // Outside the anonymous budget: at most one per account (or device) per lock, and an auditor needs every one.
  await recordAuthEvent({
    action: "auth.account_locked",
    decision: "deny",
    user,
    meta,
    payload: { failures: limit.max, locked_until: new Date(until).toISOString(), scope: trusted ? "this_device" : "unrecognised_devices" },
  });
}

/** One more failure from this address; at the limit the address is locked out for the rest of the window. */
async function countAddressFailure(ipKey: string | null, at: number, meta: RequestMeta) {
  if (!ipKey) return; // no address known (no server in front, or a test): nothing to key on
  const { signInIpMaxFailures: max, signInIpWindowSeconds: windowSeconds } = env();
  const failures = await countEvent(ipKey, windowSeconds * 1000, at);
  if (failures < max) return;
  const until = at + windowSeconds * 1000;
  if (await lockKeyUntil(ipKey, until, at)) {
    // Outside the anonymous budget: at most one per address per window.
    await recordAuthEvent({
      action: "auth.client_throttled",
      decision: "deny",
      user: null,
      meta,
      resource: "client:address",
      payload: { failures, locked_until: new Date(until).toISOString() },
    });
  }
}

async function recordFailure(user: { id: string; role: string } | null, reason: SignInFailureReason, email: string | null, meta: RequestMeta) {
  await recordAnonymousEvent({
    action: "auth.sign_in_failed",
    decision: "deny",
    user,
    meta,
    payload: { method: "password", reason, email_hash: email ? emailHash(email) : null },
  });
}
