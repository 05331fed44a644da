// Which rows of a warehouse dataset a set of hold targets covers, as a SQL predicate. One meaning for the Holds
// screen's "records protected" counts, the dry-run's held-back figures and the purge's delete-time check.
import { nextDay, type WarehouseDataset } from "@/lib/warehouse/datasets";
import type { HoldTarget } from "./types";

/**
 * A predicate (without WHERE) true for the rows of `dataset` that any of `targets` covers, and its parameters, with
 * `p(i)` writing the i-th (1-based) placeholder; `null` when no target reaches this dataset (a subject target
 * reaches every dataset with a subject column, a booking group every dataset with an lbg column, a dataset or date
 * range target only its own dataset).
 */
export function holdCoverClause(
  dataset: WarehouseDataset,
  targets: readonly HoldTarget[],
  p: (i: number) => string,
): { sql: string; params: string[] } | null {
  const params: string[] = [];
  const ph = (value: string) => {
    params.push(value);
    return p(params.length);
  };
  const parts: string[] = [];
  const subjects = targets.filter((t) => t.kind === "subject").map((t) => t.value);
  if (subjects.length > 0) {
    for (const column of dataset.subjectColumns) parts.push(`"${column}" IN (${subjects.map(ph).join(", ")})`);
  }
  const groups = targets.filter((t) => t.kind === "booking_group").map((t) => t.value);
  if (groups.length > 0 && dataset.bookingGroupColumn) {
    parts.push(`"${dataset.bookingGroupColumn}" IN (${groups.map(ph).join(", ")})`);
  }
  for (const t of targets) {
    if (t.value !== dataset.ref) continue;
    if (t.kind === "dataset") return { sql: "1=1", params: [] };
    if (t.kind === "date_range") {
      parts.push(`("${dataset.dateColumn}" >= ${ph(t.fromDay)} AND "${dataset.dateColumn}" < ${ph(nextDay(t.toDay))})`);
    }
  }
  return parts.length > 0 ? { sql: parts.length === 1 ? parts[0] : `(${parts.join(" OR ")})`, params } : null;
}

/**
 * The same coverage tested on one row in memory (the purge filters a batch's rows without a query per row). `row`
 * maps column names to values; dates compare as ISO-8601 text, as in the warehouse.
 */
export function holdCovers(dataset: WarehouseDataset, target: HoldTarget, row: Readonly<Record<string, unknown>>): boolean {
  switch (target.kind) {
    case "subject":
      return dataset.subjectColumns.some((c) => row[c] === target.value);
    case "booking_group":
      return !!dataset.bookingGroupColumn && row[dataset.bookingGroupColumn] === target.value;
    case "dataset":
      return target.value === dataset.ref;
    case "date_range": {
      if (target.value !== dataset.ref) return false;
      const at = String(row[dataset.dateColumn] ?? "");
      return at >= target.fromDay && at < nextDay(target.toDay);
    }
  }
}
