// The ledger entry of every purge change (resource `purge:<run id>`, record id the run id). Payloads carry ids, counts
// and hashes, never personal data; jobs act as the system actor.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import type { LedgerDraft } from "@/lib/ledger/entry";

export const PURGE_ACTIONS = [
  "purge.run_started",
  "purge.batch_deleted",
  "purge.run_completed",
  "purge.run_failed",
  "purge.breaker_tripped",
  "purge.run_approved",
  "purge.run_cancelled",
  "purge.report_downloaded",
] as const;
export type PurgeAction = (typeof PURGE_ACTIONS)[number];

export function purgeEntry(
  actor: Pick<Actor, "id" | "role"> | null,
  meta: RequestMeta,
  runId: string,
  action: PurgeAction,
  payload?: Record<string, unknown>,
  purpose?: string,
): LedgerDraft {
  return governanceEntry(actor, meta, { action, privacyTier: "none", resource: `purge:${runId}`, recordId: runId, payload, purpose });
}

/** The request meta of work the job runner does for a run. */
export const systemMeta = (runId: string): RequestMeta => ({ requestId: `purge:${runId}`, ipHash: null, uaHash: null });
