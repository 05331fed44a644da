// What goes into an export's file, from its frozen column plan: withheld columns are not read from the warehouse at
// all; clear ones go as they are; masked ones through the catalogue's rule under the export's own mask context; then
// the fingerprint marks the row (channel b); then, if asked, the `_export_id` column.
import { applyMask, maskText } from "@/lib/masking/mask";
import { streamColumns } from "@/lib/warehouse/connector";
import { warehouseDataset } from "@/lib/warehouse/datasets";
import { AppError } from "@/lib/core/errors";
import { datasetRefOf, fileColumnsOf, type ExportFingerprint } from "../fingerprint";
import type { ExportColumnPlan, ExportRecord } from "../types";

export const EXPORT_ID_COLUMN = "_export_id";

/** Rows read from the warehouse per batch: one batch is what a reader holds. */
export const BATCH_ROWS = 1_000;

/** Rows per key range an encoder thread reads and encodes as one unit (encodeRanges). */
export const RANGE_ROWS = 8_000;

export interface FilePlan {
  datasetRef: string;
  /** The plan's columns that go into the file, in plan order (withheld ones left out). */
  fileColumns: ExportColumnPlan[];
  /** What streamRows is asked for. */
  streamColumnNames: string[];
  /** The header row. */
  header: string[];
}

export function filePlan(exp: Pick<ExportRecord, "datasetKey" | "datasetVersion" | "columns" | "options">): FilePlan {
  const datasetRef = datasetRefOf(exp);
  const fileColumns = fileColumnsOf(exp.columns);
  if (fileColumns.length === 0)
    throw new AppError("validation_failed", "Every column of this export is withheld: there is nothing to write", { field: "columns" });
  return {
    datasetRef,
    fileColumns,
    streamColumnNames: fileColumns.map((c) => c.name),
    header: [...fileColumns.map((c) => c.name), ...(exp.options.exportIdColumn ? [EXPORT_ID_COLUMN] : [])],
  };
}

/**
 * Turns a batch of streamed rows (record id first, then the asked columns: streamColumns' order) into the file's rows,
 * in place in `batch`. Each value goes through applyMask with the export's mask context, except `token` columns, which
 * go through the fingerprint's batch tokenizer (the same tokens), then the fingerprint marks the batch (markMany, the
 * same marks as row by row): the keyed PRFs take one block-cipher call per batch instead of one per value. When the
 * file's columns are exactly the streamed ones in the same order (the record id first), rows are rewritten in place:
 * no array per row, which is most of the garbage a million-row build makes.
 */
export function batchTransformer(
  exp: Pick<ExportRecord, "id" | "options">,
  plan: FilePlan,
  fingerprint: ExportFingerprint,
): (batch: unknown[][]) => void {
  const dataset = warehouseDataset(plan.datasetRef);
  if (!dataset) throw new AppError("validation_failed", `Unknown dataset ${plan.datasetRef}`, { field: "dataset" });
  const order = streamColumns(dataset, plan.streamColumnNames);
  const at = plan.fileColumns.map((c) => order.indexOf(c.name));
  const n = plan.fileColumns.length;
  const inPlace = n === order.length && at.every((j, i) => j === i);
  const masked = plan.fileColumns.flatMap((c, i) => (c.treatment === "masked" ? [i] : []));
  const tokenAt = masked.filter((i) => plan.fileColumns[i].rule === "token");
  const maskedAt = masked.filter((i) => plan.fileColumns[i].rule !== "token");
  const rules = maskedAt.map((i) => plan.fileColumns[i].rule);
  const ctx = fingerprint.maskContext;
  const withId = exp.options.exportIdColumn;
  let texts: (string | null)[] = [];
  return (batch) => {
    for (let r = 0; r < batch.length; r++) {
      const row = batch[r];
      let out: unknown[];
      if (inPlace) out = row;
      else {
        out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = row[at[i]];
        batch[r] = out;
      }
      for (let k = 0; k < maskedAt.length; k++) {
        const i = maskedAt[k];
        out[i] = applyMask(rules[k], out[i], ctx);
      }
      for (let i = 0; i < n; i++) if (out[i] === undefined) out[i] = null;
    }
    for (const i of tokenAt) {
      if (texts.length !== batch.length) texts = new Array(batch.length);
      for (let r = 0; r < batch.length; r++) texts[r] = maskText(batch[r][i]);
      const tokens = fingerprint.tokenizeMany(texts);
      for (let r = 0; r < batch.length; r++) batch[r][i] = tokens[r];
    }
    fingerprint.markMany(batch);
    if (withId) for (const row of batch) row.push(exp.id);
  };
}
