// A refused governance attempt is evidence too (issue 6: "refused with a clear message and recorded in the
// ledger"): the attempt is written as a deny entry on its own, then the caller throws the same AppError.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import type { PrivacyTier } from "@/lib/core/tiers";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { governanceEntry } from "@/lib/ledger/unit-of-work";

export interface Refusal {
  /** What was attempted, e.g. "approve_request", "request_scope", "break_glass". */
  attempted: string;
  privacyTier: PrivacyTier;
  resource: string;
  recordId?: string | null;
  error: AppError;
  payload?: Record<string, unknown>;
}

/** Records the refusal and returns the error for the caller to throw: `throw await refuse(…)`. */
export async function refuse(who: { actor: Pick<Actor, "id" | "role">; meta: RequestMeta }, r: Refusal): Promise<AppError> {
  await appendLedgerEntry(
    governanceEntry(who.actor, who.meta, {
      action: "governance.action_refused",
      decision: "deny",
      privacyTier: r.privacyTier,
      resource: r.resource,
      recordId: r.recordId ?? null,
      // The message is ours (never user text), so it is safe to show auditors.
      purpose: r.error.message.slice(0, 500),
      payload: { attempted: r.attempted, code: r.error.code, field: r.error.field ?? null, ...r.payload },
    }),
  );
  return r.error;
}
