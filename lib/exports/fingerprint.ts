// The contract between an export's build and its invisible fingerprint (issue 8 §6; docs/decisions/025-export-fingerprints.md). The build
// masks every row with `maskContext` (channel a: `token` values under the export's own key) and then lets `mark` make
// its keyed choices in the row (channel b). The tracer (lib/exports/trace/) reads both back.
import { hmacTokenizer, type MaskContext } from "@/lib/masking/mask";
import { exportKey } from "./export-keys";
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
}

export function exportFingerprint(exp: Pick<ExportRecord, "id">, columns: readonly ExportColumnPlan[]): ExportFingerprint {
  void columns;
  return { maskContext: { tokenize: hmacTokenizer(exportKey(exp.id, "token")) }, mark: () => {} };
}
