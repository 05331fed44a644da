// The build's row pipeline as one pure function: each value masked by its column's treatment with the export's
// fingerprint context, then the row marked in place. The trace tests and the bench produce exports' rows through it
// (the same functions the build calls: applyMask with maskContext, then mark), without writing files.
import { applyMask } from "@/lib/masking/mask";
import { exportFingerprint } from "../fingerprint";
import type { ExportColumnPlan, ExportRecord } from "../types";

/** One source row: its record id and the raw values of `fileColumns`, in that order. */
export interface SourceRow {
  recordId: string;
  values: readonly unknown[];
}

export function fingerprintRows(
  exp: Pick<ExportRecord, "id" | "datasetKey" | "datasetVersion">,
  fileColumns: readonly ExportColumnPlan[],
  rows: Iterable<SourceRow>,
): unknown[][] {
  const fp = exportFingerprint(exp, fileColumns);
  const out: unknown[][] = [];
  for (const source of rows) {
    const row = fileColumns.map((c, i) => (c.treatment === "masked" ? applyMask(c.rule, source.values[i], fp.maskContext) : source.values[i]));
    fp.mark(row, source.recordId);
    out.push(row);
  }
  return out;
}
