// How a judged observation counts under a budgeting method, which value a rollup keeps as "worst", and the warn level.
import type { BudgetingMethod, Judged, SlaDefinitionView, SliKind } from "../types";

/** Kinds whose value is the thing the threshold limits (larger is worse), so a bucket keeps its worst value. */
const VALUED: ReadonlySet<SliKind> = new Set<SliKind>([
  "freshness",
  "bi_latency",
  "reconciliation",
  "daily_close",
  "event_counts",
  "pii_logged",
  "access_approval",
  "grants_past_expiry",
  "review_on_time",
  "export_approval",
  "spend",
]);

export const hasValue = (kind: SliKind) => VALUED.has(kind);

/**
 * Good/total as the method counts them: a timeslice is one slice, good only when everything in it was good; the
 * other methods count the judged events (daily and invariant decide from the sums later).
 */
export function countAs(method: BudgetingMethod, j: Judged): { good: number; total: number } {
  if (method === "timeslices") return j.total > 0 ? { good: j.good >= j.total ? 1 : 0, total: 1 } : { good: 0, total: 0 };
  return { good: j.good, total: j.total };
}

/**
 * The value a rollup bucket keeps: the worst (largest) of the bucket, except spend where a bucket holds the sum of
 * its spend (a month-to-date figure is a sum; decision 034). Event counts keep |source − sink|: duplicates are as bad
 * as losses.
 */
export function worstValue(kind: SliKind, j: Judged): number | null {
  if (!VALUED.has(kind) || j.value === null || !Number.isFinite(j.value)) return null;
  return kind === "event_counts" ? Math.abs(j.value) : j.value;
}

export function combineWorst(kind: SliKind, a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return kind === "spend" ? a + b : Math.max(a, b);
}

/** Past the dbt-style warn level but (possibly) within the threshold: the value is at risk. */
export function pastWarn(def: Pick<SlaDefinitionView, "warnThreshold">, value: number | null): boolean {
  return def.warnThreshold !== null && value !== null && value > def.warnThreshold;
}

/** Floats such as (1 − 0.9) × 10 = 0.9999999999999998 must not turn "1 failure allowed" into a breach. */
export const tidy = (x: number) => Math.round(x * 1e9) / 1e9;
