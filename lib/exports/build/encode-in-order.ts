// A CSV build's rows become bytes on more than one core (decision 027, Speed): the build process's main thread reads
// batches from the warehouse, hands each one to an encoder thread with room for it, or encodes it itself when none
// has, and passes the bytes on in the order the batches were read. Every thread runs the same csvBatchEncoder, so
// the file is byte for byte what a single thread would write. Memory holds a few batches: at most MAX_AHEAD wait for
// their turn, and a thread takes at most PER_THREAD at a time.
// The threads themselves are started by encoder-threads.ts, which only the build process loads (the server's bundler
// must never see a worker: it would try to bundle it).
import { csvBatchEncoder, type EncodedBatch } from "./csv-encoder";
import type { FileExport } from "./write-files";

/** Batches one encoder thread holds at once: one being encoded, the rest waiting, so it rarely waits for the main thread while that one encodes a batch itself. */
export const PER_THREAD = 4;

/** Messages from an encoder thread. */
export type EncoderMessage = { type: "ready" } | { type: "batch"; seq: number; bytes: Uint8Array; rows: number } | { type: "failed"; seq: number };

/** A batch for an encoder thread, or null: no more batches, exit. */
export type EncoderTask = { seq: number; rows: unknown[][] } | null;

/** Where the batches of one encodeInOrder were encoded. */
export interface EncodeStats {
  /** By an encoder thread. */
  threaded: number;
  /** By the calling thread: no thread had room, or none was up yet. */
  local: number;
  /** By the calling thread after its thread failed it or died with it. */
  fellBack: number;
}

export interface EncodeOptions {
  /** Encoder threads beside the calling one (0: it encodes alone). */
  threads: number;
  /** Counts where the batches went. */
  stats?: EncodeStats;
  /** Read the first batch only once the threads are up (or gone): tests, which must see them work. */
  awaitThreads?: boolean;
  /** Starts the threads (encoder-threads.ts); without it the calling thread encodes alone. */
  start?: StartEncoders;
}

/** Encoder threads for one build: `encode` is the calling thread's own encoder, for the batches a thread gives back. */
export type StartEncoders = (exp: FileExport, threads: number, encode: (batch: unknown[][]) => EncodedBatch, stats: EncodeStats) => EncoderPool;

export interface EncoderPool {
  /** Settles once a thread is up or every thread is gone. */
  ready: Promise<void>;
  /** The batch's bytes from a thread with room for it, or null (none ready, or all full): encode it yourself. */
  trySend(seq: number, batch: unknown[][]): Promise<EncodedBatch> | null;
  close(): Promise<void>;
}

interface Slot {
  done: boolean;
  result: Promise<EncodedBatch>;
}

/**
 * `batches` (streamed rows, streamColumns' order) as the file's encoded batches, in the same order. `threads` encoder
 * threads help the calling thread (0: it encodes alone). A thread that cannot start, fails a batch or dies costs time,
 * never a byte: its batches are encoded here instead.
 */
export async function* encodeInOrder(batches: AsyncIterable<unknown[][]>, exp: FileExport, opts: EncodeOptions): AsyncIterable<EncodedBatch> {
  const stats = opts.stats ?? { threaded: 0, local: 0, fellBack: 0 };
  const encode = csvBatchEncoder(exp);
  const local = (batch: unknown[][]) => {
    stats.local++;
    return encode(batch);
  };
  const pool = opts.threads > 0 && opts.start ? opts.start(exp, opts.threads, encode, stats) : null;
  const maxAhead = PER_THREAD * opts.threads + 2;
  const queue: Slot[] = [];
  try {
    if (opts.awaitThreads) await pool?.ready;
    let seq = 0;
    for await (const batch of batches) {
      const sent = pool?.trySend(seq++, batch);
      if (sent) {
        const slot: Slot = { done: false, result: sent };
        sent.then(
          () => (slot.done = true),
          () => (slot.done = true),
        );
        queue.push(slot);
      } else queue.push({ done: true, result: Promise.resolve(local(batch)) });
      // What is ready goes on at once; the reading waits only when too many batches are on their way.
      while (queue.length > 0 && (queue[0].done || queue.length >= maxAhead)) yield await queue.shift()!.result;
    }
    while (queue.length > 0) yield await queue.shift()!.result;
  } finally {
    // Left early (an error, or the writer gave up): results no one will read must not count as unhandled.
    for (const slot of queue) slot.result.catch(() => {});
    await pool?.close();
  }
}
