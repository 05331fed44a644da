// The filters an auditor narrows a bundle's proven subset with (issue 7 §3). Pure, and applied to the stored row, so
// the offline verifier recomputes which entries match and can tell when a proof was left out.
import { z } from "zod";
import { ZPrivacyTier } from "@/lib/core/schemas";
import { DECISIONS } from "../entry";
import type { LedgerRow } from "../row";

const text = (max: number) => z.string().trim().min(1).max(max).optional();

export const ZBundleFilters = z.object({
  /** The acting user's id (usr_…). */
  actor: text(64),
  role: text(40),
  action: text(80),
  /** The highest tier the access asked for (privacy_tier). */
  tier: ZPrivacyTier.optional(),
  /** A catalog dataset key: matches `key` and any `key@version` resource. */
  dataset: text(200),
  decision: z.enum(DECISIONS).optional(),
  record: text(200),
});
export type BundleFilters = z.infer<typeof ZBundleFilters>;

export const FILTER_NAMES = ["actor", "role", "action", "tier", "dataset", "decision", "record"] as const satisfies ReadonlyArray<
  keyof BundleFilters
>;

export function hasFilters(f: BundleFilters): boolean {
  return FILTER_NAMES.some((k) => f[k] !== undefined);
}

/** Whether the row matches every filter given; no filter given: nothing is asked about, so nothing matches. */
export function matchesFilters(row: LedgerRow, f: BundleFilters): boolean {
  if (!hasFilters(f)) return false;
  const resource = String(row.resource);
  return (
    (f.actor === undefined || row.actor_id === f.actor) &&
    (f.role === undefined || row.actor_role === f.role) &&
    (f.action === undefined || row.action === f.action) &&
    (f.tier === undefined || row.privacy_tier === f.tier) &&
    (f.dataset === undefined || resource === f.dataset || resource.startsWith(`${f.dataset}@`)) &&
    (f.decision === undefined || row.decision === f.decision) &&
    (f.record === undefined || row.record_id === f.record)
  );
}
