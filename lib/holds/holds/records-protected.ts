// How many warehouse records a set of hold targets covers, per dataset: the same predicate the purge checks at delete
// time (holdCoverClause), counted up to a cap so a hold on a whole large dataset answers quickly. A capped count
// says so ("more than N"); the screens show it that way.
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { holdCoverClause } from "../hold-clause";
import type { HoldTarget } from "../types";

export const RECORDS_PROTECTED_CAP = 100_000;

export interface ProtectedCount {
  dataset: string;
  count: number;
  capped: boolean;
}

/** One entry per dataset some target reaches (datasets no target reaches are left out). */
export async function recordsProtected(targets: readonly HoldTarget[], cap = RECORDS_PROTECTED_CAP): Promise<ProtectedCount[]> {
  const out: ProtectedCount[] = [];
  const warehouse = getWarehouse();
  for (const dataset of Object.values(WAREHOUSE_DATASETS)) {
    if (!holdCoverClause(dataset, targets, () => "?")) continue;
    const { count, capped } = await warehouse.countWhere(dataset.ref, (p) => holdCoverClause(dataset, targets, p), { cap });
    out.push({ dataset: dataset.ref, count, capped });
  }
  return out;
}

/** The total over datasets; capped when any dataset's count was. */
export function totalProtected(counts: readonly ProtectedCount[]): { count: number; capped: boolean } {
  return { count: counts.reduce((n, c) => n + c.count, 0), capped: counts.some((c) => c.capped) };
}
