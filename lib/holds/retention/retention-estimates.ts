// The Retention screen's "next purge estimate": per dataset, how many records are past retention now (retention alone:
// holds are the purge's business, and its dry-run shows what they hold back) and when the next ones fall due. Counted
// with retentionClause, the one meaning the purge also deletes by (decision 031).
import { now } from "@/lib/core/clock";
import type { WarehouseConnector } from "@/lib/warehouse/connector";
import { warehouseDataset, type WarehouseDataset } from "@/lib/warehouse/datasets";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { retentionClause, retentionCutoffs, type RetentionTerms } from "../retention-clause";
import { currentRetentionPolicies, type CurrentRetentionPolicy } from "./current-policies";

export const ESTIMATE_CAP = 1_000_000;

export interface RetentionEstimate {
  datasetRef: string;
  policyId: string;
  policyVersion: number;
  /** Records past retention at `at` that nothing references any more; `capped` when there are more than the cap. */
  due: { count: number; capped: boolean };
  /**
   * When the next record not yet due reaches its retention date (to the hour, rounded up), or null when none will
   * within the longest retention period (no records, or only future-dated ones). References may keep it a while longer.
   */
  nextDueAt: string | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Estimates for every dataset with a current policy (a dataset without one is never purged, so has none). */
export async function retentionEstimates(
  opts: { at?: Date; cap?: number; connector?: WarehouseConnector; policies?: CurrentRetentionPolicy[] } = {},
): Promise<RetentionEstimate[]> {
  const at = opts.at ?? now();
  const cap = opts.cap ?? ESTIMATE_CAP;
  const connector = opts.connector ?? getWarehouse();
  const policies = opts.policies ?? (await currentRetentionPolicies());
  const out: RetentionEstimate[] = [];
  for (const policy of policies) {
    const dataset = warehouseDataset(policy.datasetRef);
    if (!dataset) continue; // a policy for a dataset this warehouse does not have: nothing to purge
    const due = await connector.countWhere(dataset.ref, (p, t) => retentionClause(dataset, policy.terms, at, p, t), { cap });
    out.push({
      datasetRef: policy.datasetRef,
      policyId: policy.id,
      policyVersion: policy.version,
      due,
      nextDueAt: await nextDueAt(connector, dataset, policy.terms, at),
    });
  }
  return out;
}

/**
 * The earliest hour after `at` at which some record that is not yet past its date cutoff crosses it: a binary search
 * over hours, each step asking "does any record become due in (at, at + h]?" with one LIMIT-1 count. The step
 * composes retentionClause at both instants (unreferenced records only are not required here: a reference delays a
 * record, it does not change its date), so the precedence of state overrides is the purge's own.
 */
async function nextDueAt(connector: WarehouseConnector, dataset: WarehouseDataset, terms: RetentionTerms, at: Date): Promise<string | null> {
  const dateOnly: WarehouseDataset = { ...dataset, referencedBy: [] };
  const longestDays = Math.max(terms.days, ...Object.values(terms.stateOverrides));
  // The earliest cutoff at `at` (the longest retention): every record older than it is already due everywhere.
  const floor = retentionCutoffs({ ...terms, days: longestDays, stateOverrides: {} }, at).base;
  const becomesDueBy = async (hours: number) => {
    const later = new Date(at.getTime() + hours * HOUR_MS);
    // cap 0 counts at most one row: `capped` then means "there is at least one".
    const { count, capped } = await connector.countWhere(
      dataset.ref,
      (p, t) => {
        const then = retentionClause(dateOnly, terms, later, p, t);
        const nowDue = retentionClause(dateOnly, terms, at, (i) => p(i + then.params.length), t);
        const floorAt = then.params.length + nowDue.params.length + 1;
        return {
          sql: `(${then.sql}) AND NOT (${nowDue.sql}) AND "${terms.dateColumn}" >= ${p(floorAt)}`,
          params: [...then.params, ...nowDue.params, floor],
        };
      },
      { cap: 0 },
    );
    return capped || count > 0;
  };
  let hi = Math.ceil((longestDays * DAY_MS) / HOUR_MS) + 1;
  if (!(await becomesDueBy(hi))) return null;
  let lo = 0; // invariant: nothing becomes due by lo hours; something does by hi hours
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await becomesDueBy(mid)) hi = mid;
    else lo = mid;
  }
  return new Date(at.getTime() + hi * HOUR_MS).toISOString().slice(0, 19) + "Z";
}
