// A CSV build's rows become bytes on more than one core (decision 027, Speed): the build process's main thread reads
// batches from the warehouse, hands each one to an encoder thread with room for it, or encodes it itself when none
// has, and passes the bytes on in the order the batches were read. Every thread runs the same csvBatchEncoder, so
// the file is byte for byte what a single thread would write. Memory holds a few batches: at most MAX_AHEAD wait for
// their turn, and a thread takes at most PER_THREAD at a time.
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { csvBatchEncoder, type EncodedBatch } from "./csv-encoder";
import type { FileExport } from "./write-files";

/** Batches one encoder thread holds at once: one being encoded, the rest waiting, so it rarely waits for the main thread while that one encodes a batch itself. */
const PER_THREAD = 4;

/** The worker's TypeScript source starts with tsx's hooks (a CommonJS bootstrap; see the file). */
export const ENCODER_ENTRY = "lib/exports/build/csv-encode-worker.cjs";

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
  /** The threads' entry, relative to the working directory (tests start a failing one). */
  entry?: string;
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
  const pool = opts.threads > 0 ? startEncoders(exp, opts.threads, encode, stats, opts.entry ?? ENCODER_ENTRY) : null;
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

interface Waiting {
  batch: unknown[][];
  resolve(b: EncodedBatch): void;
  reject(e: unknown): void;
}

interface EncoderThread {
  worker: Worker;
  ready: boolean;
  gone: boolean;
  waiting: Map<number, Waiting>;
}

function startEncoders(exp: FileExport, threads: number, encode: (batch: unknown[][]) => EncodedBatch, stats: EncodeStats, entry: string) {
  const file = encoderFile(entry);
  const all: EncoderThread[] = [];
  let up: () => void = () => {};
  /** Settles once a thread is up or every thread is gone. */
  const ready = new Promise<void>((resolve) => (up = resolve));
  // The calling thread takes over a batch whose thread failed it or died with it.
  const fallBack = (w: Waiting) => {
    stats.fellBack++;
    try {
      w.resolve(encode(w.batch));
    } catch (err) {
      w.reject(err);
    }
  };
  const retire = (t: EncoderThread) => {
    if (t.gone) return;
    t.gone = true;
    for (const w of t.waiting.values()) fallBack(w);
    t.waiting.clear();
    if (all.every((o) => o.gone)) up();
    void t.worker.terminate();
  };
  for (let i = 0; file && i < threads; i++) {
    // A batch's arrays are small and die young: a small young generation keeps the thread's RSS down.
    const worker = new Worker(file, { workerData: exp, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 } });
    const t: EncoderThread = { worker, ready: false, gone: false, waiting: new Map() };
    worker.on("message", (m: EncoderMessage) => {
      if (m.type === "ready") {
        t.ready = true;
        up();
      } else {
        const w = t.waiting.get(m.seq);
        if (!w) return;
        t.waiting.delete(m.seq);
        if (m.type === "batch") {
          stats.threaded++;
          w.resolve({ bytes: m.bytes, rows: m.rows });
        } else fallBack(w);
      }
    });
    worker.on("error", () => retire(t));
    worker.on("exit", () => retire(t));
    all.push(t);
  }
  if (all.length === 0) up();
  return {
    ready,
    /** The batch's bytes from a thread with room for it, or null (none ready, or all full): encode it yourself. */
    trySend(seq: number, batch: unknown[][]): Promise<EncodedBatch> | null {
      let best: EncoderThread | null = null;
      for (const t of all) if (t.ready && !t.gone && t.waiting.size < PER_THREAD && (!best || t.waiting.size < best.waiting.size)) best = t;
      if (!best) return null;
      const thread = best;
      return new Promise<EncodedBatch>((resolve, reject) => {
        thread.waiting.set(seq, { batch, resolve, reject });
        thread.worker.postMessage({ seq, rows: batch } satisfies EncoderTask);
      });
    },
    async close() {
      await Promise.all(
        all.map(async (t) => {
          if (t.gone) return;
          t.gone = true;
          await t.worker.terminate();
        }),
      );
    },
  };
}

/** The encoder's bootstrap, or null where it is absent (a bundled server): the calling thread encodes alone. */
function encoderFile(entry: string): string | null {
  if (process.env.NEXT_RUNTIME) return null;
  const file = path.join(process.cwd(), entry);
  return existsSync(file) ? file : null;
}
