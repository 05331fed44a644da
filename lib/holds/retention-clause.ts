// Which records of a dataset a retention policy has let go: pure cutoffs and their SQL predicate, one meaning for the
// Retention screen's estimates, the dry-run and the execute run (decision 031). Holds are applied on top
// (hold-clause.ts); this says only what retention alone would delete.
import { DEMO_CITIES } from "@/lib/warehouse/demo-data";
import type { WarehouseDataset } from "@/lib/warehouse/datasets";
import type { StateOverrides } from "./types";

/** What a policy version says: keep `days` from `dateColumn`, longer in the states an override names. */
export interface RetentionTerms {
  days: number;
  dateColumn: string;
  stateOverrides: StateOverrides;
}

const DAY_MS = 86_400_000;

/** ISO-8601 text to the second, as the warehouse stores its timestamps, so text comparison is time comparison. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/**
 * Per jurisdiction, the instant before which a record is past retention at `at`: `base` for every state without a
 * longer override, `byState` for the states whose override is longer (the longest applicable retention wins, so an
 * override shorter than the base never shortens it).
 */
export function retentionCutoffs(terms: RetentionTerms, at: Date): { base: string; byState: Record<string, string> } {
  const byState: Record<string, string> = {};
  for (const [state, days] of Object.entries(terms.stateOverrides)) {
    if (days > terms.days) byState[state] = isoSeconds(at.getTime() - days * DAY_MS);
  }
  return { base: isoSeconds(at.getTime() - terms.days * DAY_MS), byState };
}

/** The values of a dataset's jurisdiction column that mean `state` (the state itself, or the demo cities in it). */
export function jurisdictionValues(dataset: WarehouseDataset, state: string): string[] {
  return dataset.jurisdiction.via === "state" ? [state] : DEMO_CITIES.filter((c) => c.state === state).map((c) => c.id);
}

/**
 * A predicate (without WHERE) true for the rows of `dataset` past retention under `terms` at `at` that nothing else in
 * the warehouse still references (a record goes only after the rows pointing at it), with `p(i)` the i-th placeholder
 * and `t(name)` another table's qualified name.
 */
export function retentionClause(
  dataset: WarehouseDataset,
  terms: RetentionTerms,
  at: Date,
  p: (i: number) => string,
  t: (table: string) => string,
): { sql: string; params: string[] } {
  const params: string[] = [];
  const ph = (value: string) => {
    params.push(value);
    return p(params.length);
  };
  const date = `"${terms.dateColumn}"`;
  const jur = `"${dataset.jurisdiction.column}"`;
  const cutoffs = retentionCutoffs(terms, at);
  const longer = Object.entries(cutoffs.byState)
    .map(([state, cutoff]) => ({ values: jurisdictionValues(dataset, state), cutoff }))
    .filter((o) => o.values.length > 0);
  const parts: string[] = [];
  const overridden = longer.flatMap((o) => o.values);
  parts.push(
    overridden.length > 0 ? `(${date} < ${ph(cutoffs.base)} AND ${jur} NOT IN (${overridden.map(ph).join(", ")}))` : `${date} < ${ph(cutoffs.base)}`,
  );
  for (const o of longer) parts.push(`(${date} < ${ph(o.cutoff)} AND ${jur} IN (${o.values.map(ph).join(", ")}))`);
  const due = parts.length === 1 ? parts[0] : `(${parts.join(" OR ")})`;
  const self = `"${dataset.table}"."${dataset.recordId}"`;
  const unreferenced = dataset.referencedBy.map((r) => `NOT EXISTS (SELECT 1 FROM ${t(r.table)} AS ref WHERE ref."${r.column}" = ${self})`);
  return { sql: [due, ...unreferenced].join(" AND "), params };
}
