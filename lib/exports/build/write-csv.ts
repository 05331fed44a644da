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

// RFC 4180 line ends; a value starting with = + - @ is quoted as is (formula injection is the reader's concern in CSV,
// and changing values would break "masked exactly as the preview said").
const CSV_OPTS = { record_delimiter: "\r\n" } as const;
