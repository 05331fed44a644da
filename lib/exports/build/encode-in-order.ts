// A CSV build's rows become bytes on more than one core (decision 027, Speed): work goes to an encoder thread with
// room for it, or is done by the calling thread when none has, and the bytes are passed on in the order the work was
// given. Every thread runs the same csvBatchEncoder, so the file is byte for byte what a single thread would write.
// Two kinds of work:
// - `rows`: a batch the calling thread read (encodeInOrder): the thread only encodes it;
// - `range`: a key range of the warehouse (encodeRanges, an embedded SQLite warehouse): the thread reads the range on
//   its own connection and encodes it, so no row crosses between threads and the reading is spread over the cores too.
// Memory holds a few units of work: at most maxAhead wait for their turn, and a thread takes at most PER_THREAD at a time.
// The threads themselves are started by encoder-threads.ts, which only the build process loads (the server's bundler
// must never see a worker: it would try to bundle it).
import { csvBatchEncoder, type EncodedBatch } from "./csv-encoder";
import type { FileExport } from "./write-files";

/** Units of work one encoder thread holds at once: one being done, the rest waiting, so it rarely waits for the calling thread. */
export const PER_THREAD = 4;

/** Record ids bounding a range of the dataset, in record-id order: after `after` (exclusive) up to `through` (inclusive). */
export interface RowRange {
  after?: string;
  through?: string;
}

/** What an encoder thread is given: a batch of streamed rows, or a key range to read itself. */
export type Work = { rows: unknown[][] } | { range: RowRange };

/** Messages from an encoder thread. */
export type EncoderMessage = { type: "ready" } | { type: "batch"; seq: number; bytes: Uint8Array; rows: number } | { type: "failed"; seq: number };

/** A unit of work for an encoder thread, or null: no more work, exit. */
export type EncoderTask = ({ seq: number } & Work) | null;

/** Where the units of work of one encodeInOrder / encodeRanges were done. */
export interface EncodeStats {
  /** By an encoder thread. */
  threaded: number;
  /** By the calling thread: no thread had room, or none was up yet. */
  local: number;
  /** By the calling thread after its thread failed it or died with it. */
  fellBack: number;
}

export interface EncodeOptions {
  /** Encoder threads beside the calling one (0: it works alone). */
  threads: number;
  /** Counts where the work went. */
  stats?: EncodeStats;
  /** Start the first unit only once the threads are up (or gone): tests, which must see them work. */
  awaitThreads?: boolean;
  /** Starts the threads (encoder-threads.ts); without it the calling thread works alone. */
  start?: StartEncoders;
}

/** The calling thread's own way of doing a unit of work: for the work no thread has room for, or one gives back. */
export type LocalWork = (work: Work) => Promise<EncodedBatch>;

/**
 * Encoder threads for one build. `warehouseFile`: the embedded warehouse the threads open for `range` work (absent:
 * they are given rows only).
 */
export type StartEncoders = (exp: FileExport, threads: number, local: LocalWork, stats: EncodeStats, warehouseFile?: string) => EncoderPool;

export interface EncoderPool {
  /** Settles once a thread is up or every thread is gone. */
  ready: Promise<void>;
  /** The work's bytes from a thread with room for it, or null (none ready, or all full): do it yourself. */
  trySend(seq: number, work: Work): Promise<EncodedBatch> | null;
  close(): Promise<void>;
}

interface Slot {
  done: boolean;
  result: Promise<EncodedBatch>;
}

/** The units of `work` done by the pool's threads or `local`, yielded in the order given. */
async function* inOrder(work: AsyncIterable<Work>, pool: EncoderPool | null, local: LocalWork, opts: EncodeOptions, stats: EncodeStats) {
  const maxAhead = PER_THREAD * opts.threads + 2;
  const queue: Slot[] = [];
  try {
    if (opts.awaitThreads) await pool?.ready;
    let seq = 0;
    for await (const w of work) {
      const sent = pool?.trySend(seq++, w);
      if (sent) {
        const slot: Slot = { done: false, result: sent };
        sent.then(
          () => (slot.done = true),
          () => (slot.done = true),
        );
        queue.push(slot);
      } else {
        stats.local++;
        const slot: Slot = { done: false, result: local(w) };
        slot.result.then(
          () => (slot.done = true),
          () => (slot.done = true),
        );
        // Local work is done before the next unit is looked at (it is this thread's own time anyway).
        await slot.result.catch(() => {});
        queue.push(slot);
      }
      // What is ready goes on at once; the giving waits only when too many units are on their way.
      while (queue.length > 0 && (queue[0].done || queue.length >= maxAhead)) yield await queue.shift()!.result;
    }
    while (queue.length > 0) yield await queue.shift()!.result;
  } finally {
    // Left early (an error, or the writer gave up): results no one will read must not count as unhandled.
    for (const slot of queue) slot.result.catch(() => {});
    await pool?.close();
  }
}

/**
 * `batches` (streamed rows, streamColumns' order) as the file's encoded batches, in the same order. `threads` encoder
 * threads help the calling thread (0: it encodes alone). A thread that cannot start, fails a batch or dies costs time,
 * never a byte: its batches are encoded here instead.
 */
export function encodeInOrder(batches: AsyncIterable<unknown[][]>, exp: FileExport, opts: EncodeOptions): AsyncIterable<EncodedBatch> {
  const stats = opts.stats ?? { threaded: 0, local: 0, fellBack: 0 };
  const encode = csvBatchEncoder(exp);
  const local: LocalWork = async (w) => {
    if (!("rows" in w)) throw new Error("encodeInOrder is given rows only");
    return encode(w.rows);
  };
  const pool = opts.threads > 0 && opts.start ? opts.start(exp, opts.threads, local, stats) : null;
  return inOrder(asRows(batches), pool, local, opts, stats);
}

async function* asRows(batches: AsyncIterable<unknown[][]>): AsyncIterable<Work> {
  for await (const rows of batches) yield { rows };
}

/**
 * The file's encoded rows, range by range, in range order: each range is read and encoded by an encoder thread on its
 * own connection to `warehouseFile`, or by the calling thread through `readRange` when no thread has room for it or
 * its thread failed. Ranges must cover the dataset in record-id order without overlap (rangesOf).
 */
export function encodeRanges(
  ranges: AsyncIterable<RowRange>,
  exp: FileExport,
  opts: EncodeOptions & { warehouseFile: string; readRange: (range: RowRange) => AsyncIterable<unknown[][]> },
): AsyncIterable<EncodedBatch> {
  const stats = opts.stats ?? { threaded: 0, local: 0, fellBack: 0 };
  const encode = csvBatchEncoder(exp);
  const local: LocalWork = async (w) => {
    if ("rows" in w) return encode(w.rows);
    return encodeRange(opts.readRange(w.range), encode);
  };
  const pool = opts.threads > 0 && opts.start ? opts.start(exp, opts.threads, local, stats, opts.warehouseFile) : null;
  return inOrder(asRanges(ranges), pool, local, opts, stats);
}

async function* asRanges(ranges: AsyncIterable<RowRange>): AsyncIterable<Work> {
  for await (const range of ranges) yield { range };
}

/** A range's rows, read batch by batch and encoded, as one unit of bytes (what a thread hands back for it). */
export async function encodeRange(batches: AsyncIterable<unknown[][]>, encode: (batch: unknown[][]) => EncodedBatch): Promise<EncodedBatch> {
  const parts: Uint8Array[] = [];
  let rows = 0;
  let size = 0;
  for await (const batch of batches) {
    const b = encode(batch);
    parts.push(b.bytes);
    rows += b.rows;
    size += b.bytes.length;
  }
  if (parts.length === 1) return { bytes: parts[0], rows };
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, rows };
}

/**
 * Key ranges of about `rows` rows each over the ids `idBatches` yields (batches of record ids in order, `rows` a
 * batch: the connector's streamRows with no columns), then the open range after the last: rows added meanwhile land in
 * some range, never in none.
 */
export async function* rangesOf(idBatches: AsyncIterable<unknown[][]>): AsyncIterable<RowRange> {
  let after: string | undefined;
  for await (const batch of idBatches) {
    if (batch.length === 0) continue;
    const through = String(batch[batch.length - 1][0]);
    yield after === undefined ? { through } : { after, through };
    after = through;
  }
  yield after === undefined ? {} : { after };
}
