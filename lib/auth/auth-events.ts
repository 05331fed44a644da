// Ledger entries for sign-in, lockout, sessions, provisioning and refused console access. Sign-in attempts carry
// no personal data: the attempted email goes in only as a keyed hash, so repeated guesses at one account can be
// correlated without the ledger becoming a list of addresses. What anonymous clients cause (failed sign-ins,
// locks) is budgeted per minute: over the budget, attempts are counted and written as one aggregate entry, so a
// flood of guesses cannot flood the ledger.
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";
import type { Decision } from "@/lib/ledger/entry";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { countEvent } from "./rate-limits";
import { addToAggregate, flushAnonymousAggregates } from "./anonymous-aggregates";

export type AuthAction =
  | "auth.signed_in"
  | "auth.sign_in_failed"
  | "auth.account_locked"
  | "auth.client_throttled"
  | "auth.signed_out"
  | "auth.session_ended"
  | "auth.user_created"
  | "auth.user_disabled"
  | "auth.user_enabled"
  | "auth.user_role_changed"
  | "console.access_denied";

/** Why a sign-in was refused; recorded for auditors, never shown to the person signing in. */
export type SignInFailureReason =
  | "invalid_input"
  | "unknown_user"
  | "disabled"
  | "locked"
  | "throttled"
  | "no_password"
  | "wrong_password"
  | "invalid_role"
  | "email_unverified"
  | "subject_mismatch";

export interface AuthEvent {
  action: AuthAction;
  decision: Decision;
  /** The actor, when known; attempts at unknown emails are recorded as `user:unknown`. */
  user: { id: string; role: string } | null;
  /** actor_role when there is no user: "anonymous" (someone at the sign-in form) unless said otherwise. */
  anonymousRole?: "anonymous" | "system";
  meta: RequestMeta;
  purpose?: string;
  resource?: string;
  payload?: Record<string, string | number | boolean | null>;
}

export async function recordAuthEvent(e: AuthEvent): Promise<void> {
  await appendLedgerEntry({
    actorId: e.user?.id ?? null,
    actorRole: e.user?.role ?? e.anonymousRole ?? "anonymous",
    action: e.action,
    privacyTier: "none",
    resource: e.resource ?? (e.user ? `user:${e.user.id}` : "user:unknown"),
    purpose: e.purpose ?? "sign-in",
    decision: e.decision,
    requestId: e.meta.requestId,
    ipHash: e.meta.ipHash,
    uaHash: e.meta.uaHash,
    payload: e.payload ?? null,
  });
}

/**
 * An event caused by a client that is not signed in. Within the budget (LEDGER_ANON_PER_IP_PER_MINUTE per client
 * address, LEDGER_ANON_PER_MINUTE in all) it is written as is; over it, it is counted into the minute's aggregate
 * for that address (or for all addresses), which lib/auth/anonymous-aggregates.ts writes as one entry with the count.
 */
export async function recordAnonymousEvent(
  e: AuthEvent,
  budget: { perIp: number; all: number } = { perIp: env().ledgerAnonPerIpPerMinute, all: env().ledgerAnonPerMinute },
): Promise<"recorded" | "aggregated"> {
  const { perIp, all } = budget;
  const at = now().getTime();
  await flushAnonymousAggregates(at).catch((err) => console.error("[warden] could not flush anonymous aggregates", err));
  const minute = Math.floor(at / 60_000) * 60_000;
  const ipKey = e.meta.ipHash ?? "unknown";
  const fromIp = await countEvent(`anon:ip:${ipKey}:${minute}`, 60_000, at);
  const inAll = fromIp <= perIp ? await countEvent(`anon:all:${minute}`, 60_000, at) : Infinity;
  if (fromIp <= perIp && inAll <= all) {
    await recordAuthEvent(e);
    return "recorded";
  }
  // Past the per-address budget: that address's aggregate; past the global one only: the aggregate of all.
  await addToAggregate({ minute, ipHash: fromIp > perIp ? e.meta.ipHash : null, action: e.action, at });
  return "aggregated";
}

/** The keyed hash under which an attempted email is recorded (bounded: oversized input is hashed in part). */
export function emailHash(email: string): string {
  return keyedHash(env().hashKey, email.slice(0, 1024));
}
