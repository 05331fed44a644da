// The CSV file from its encoded batches (csv-encoder.ts: csv-stringify's sync API per batch, several times faster than
// one stream event per record, and memory still holds one batch), written in order with backpressure to the file
// handle. Each chunk is hashed (SHA-256) and, when asked, copied to the zip's entry as it is written, so the file is
// never read back.
import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import { csvBytes, type EncodedBatch } from "./csv-encoder";
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
 * Writes the file; `batches` yields the data rows' bytes in file order (the comment and the header are encoded here).
 * `copy` (the zip's entry) gets every byte too and is ended after the last. On failure the descriptor is closed (abandon) and `copy` destroyed.
 */
export async function writeCsv(fd: number, opts: CsvOptions, batches: AsyncIterable<EncodedBatch>, copy?: Writable): Promise<CsvWritten> {
  const out = fileStream(fd);
  const hash = createHash("sha256");
  let count = 0;
  let bytes = 0;
  // One chunk in flight to the file and about one in the copy's pipeline, each awaited before the next is handed over:
  // a chunk that waited in a queue across two young-generation GCs would be promoted, and its buffer (outside the
  // heap) freed only by the next full GC, so RSS would climb by tens of MB between full GCs.
  let inFlight: Promise<void> = Promise.resolve();
  const write = async (data: Uint8Array) => {
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    hash.update(chunk);
    bytes += chunk.length;
    await inFlight;
    inFlight = new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    inFlight.catch(() => {});
    if (copy && !copy.write(chunk)) await drained(copy);
  };
  try {
    if (opts.comment) await write(new TextEncoder().encode(opts.comment));
    await write(csvBytes([[...opts.header]]));
    for await (const batch of batches) {
      if (batch.rows === 0) continue;
      await write(batch.bytes);
      count += batch.rows;
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
