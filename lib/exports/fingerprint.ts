// The contract between an export's build and its invisible fingerprint (issue 8 §6; docs/decisions/025-export-fingerprints.md). The build
// masks every row with `maskContext` (channel a: `token` values tagged under the export's own key) and then lets `mark`
// make its keyed choices in the row (channel b: the seconds of timestamps in tolerant columns). The tracer
// (lib/exports/trace/) reads both back. The keys are derived on the server (export-keys.ts) and never written anywhere.
import type { MaskContext } from "@/lib/masking/mask";
import { exportKey } from "./export-keys";
import { timestampBatchMarker, timestampMarker } from "./trace/timestamp-mark";
import { exportTokenBatch, exportTokenizer } from "./trace/token-channel";
import { toleranceOf } from "./trace/tolerant-columns";
import type { ExportColumnPlan, ExportRecord } from "./types";

export interface ExportFingerprint {
  /** What the build masks with: the `token` rule under this export's own key. */
  maskContext: MaskContext;
  /**
   * Channel (b), in place, on one row as it goes into the file: `row[i]` is the value of `columns[i]` (the file's
   * columns, withheld ones left out) after masking; `recordId` is the row's record id. Must keep every masked value
   * correct by its rule's definition.
   */
  mark(row: unknown[], recordId: string): void;
  /** The build's path for a batch: the `token` mask of each text (null stays null), as maskContext.tokenize one by one. */
  tokenizeMany(texts: readonly (string | null)[]): (string | null)[];
  /** The build's path for a batch: mark() on every row, in place, with the same results row by row. */
  markMany(rows: unknown[][]): void;
}

/** `datasetRef` is `key@version`: the tolerant columns are declared per dataset (trace/tolerant-columns.ts). */
export function datasetRefOf(exp: Pick<ExportRecord, "datasetKey" | "datasetVersion">): string {
  return `${exp.datasetKey}@${exp.datasetVersion}`;
}

/** The columns that go into the file, in order: every column of the plan but the withheld ones. */
export function fileColumnsOf(plan: readonly ExportColumnPlan[]): ExportColumnPlan[] {
  return plan.filter((c) => c.treatment !== "withheld");
}

/** Indexes of the file's columns that carry the mark: tolerant and in clear (a masked value is never marked). */
export function markedColumnIndexes(datasetRef: string, columns: readonly ExportColumnPlan[]): number[] {
  const out: number[] = [];
  columns.forEach((c, i) => {
    if (c.treatment === "clear" && toleranceOf(datasetRef, c.name) === "timestamp_seconds") out.push(i);
  });
  return out;
}

export function exportFingerprint(
  exp: Pick<ExportRecord, "id" | "datasetKey" | "datasetVersion">,
  columns: readonly ExportColumnPlan[],
): ExportFingerprint {
  const marked = markedColumnIndexes(datasetRefOf(exp), columns);
  const markKey = marked.length > 0 ? exportKey(exp.id, "mark") : null;
  const marker = markKey ? timestampMarker(markKey) : null;
  const batchMarker = markKey ? timestampBatchMarker(markKey) : null;
  const names = columns.map((c) => c.name);
  const tokenKey = exportKey(exp.id, "token");
  return {
    maskContext: { tokenize: exportTokenizer(tokenKey) },
    mark: (row) => {
      if (!marker) return;
      for (const i of marked) row[i] = marker(row[i], names[i]);
    },
    tokenizeMany: exportTokenBatch(tokenKey),
    markMany: (rows) => {
      if (!batchMarker) return;
      for (const i of marked) batchMarker(rows, i, names[i]);
    },
  };
}
