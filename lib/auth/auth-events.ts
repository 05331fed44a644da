// Ledger entries for sign-in, lockout, provisioning and refused console access. Sign-in attempts carry no
// personal data: the attempted email goes in only as a keyed hash, so repeated guesses at one account can
// be correlated without the ledger becoming a list of addresses.
import type { RequestMeta } from "@/lib/access/types";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";
import type { Decision } from "@/lib/ledger/entry";
import { appendLedgerEntry } from "@/lib/ledger/append";

export type AuthAction =
  | "auth.signed_in"
  | "auth.sign_in_failed"
  | "auth.account_locked"
  | "auth.signed_out"
  | "auth.user_created"
  | "console.access_denied";

/** Why a sign-in was refused; recorded for auditors, never shown to the person signing in. */
export type SignInFailureReason =
  | "invalid_input"
  | "unknown_user"
  | "disabled"
  | "locked"
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

/** The keyed hash under which an attempted email is recorded (bounded: oversized input is hashed in part). */
export function emailHash(email: string): string {
  return keyedHash(env().hashKey, email.slice(0, 1024));
}
