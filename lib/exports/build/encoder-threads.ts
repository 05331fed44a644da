// The encoder threads of a CSV build (encode-in-order.ts; decision 027, Speed on more than one core). Loaded only by the
// build process (build-process-main.ts) and tests: never by the server, whose bundler would try to bundle the worker.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { EncodedBatch } from "./csv-encoder";
import {
  PER_THREAD,
  type EncodeStats,
  type EncoderMessage,
  type EncoderPool,
  type EncoderTask,
  type LocalWork,
  type StartEncoders,
  type Work,
} from "./encode-in-order";
import type { FileExport } from "./write-files";

/** Starts encoder threads from `entry` (an absolute path; tests start a failing one), default csv-encode-worker.cjs beside this module. */
export function encoderThreads(entry?: string): StartEncoders {
  return (exp, threads, local, stats, warehouseFile) => startEncoders(exp, threads, local, stats, entry, warehouseFile);
}

/** What an encoder thread is started with (its workerData). */
export interface EncoderData {
  exp: FileExport;
  /** The embedded warehouse it opens for `range` work. */
  warehouseFile: string | null;
}

interface Waiting {
  work: Work;
  resolve(b: EncodedBatch): void;
  reject(e: unknown): void;
}

interface EncoderThread {
  worker: Worker;
  ready: boolean;
  gone: boolean;
  waiting: Map<number, Waiting>;
}

function startEncoders(
  exp: FileExport,
  threads: number,
  local: LocalWork,
  stats: EncodeStats,
  entry: string | undefined,
  warehouseFile: string | undefined,
): EncoderPool {
  const file = encoderFile(entry);
  const all: EncoderThread[] = [];
  let up: () => void = () => {};
  /** Settles once a thread is up or every thread is gone. */
  const ready = new Promise<void>((resolve) => (up = resolve));
  // The calling thread takes over work whose thread failed it or died with it.
  const fallBack = (w: Waiting) => {
    stats.fellBack++;
    local(w.work).then(w.resolve, w.reject);
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
    // A batch's arrays die young. A larger young generation (was 16 MiB) scavenges less often: at 64 MiB the build's
    // CPU fell ~12 % (two alternated pairs at 200,000 rows, decision 027 "Speed on more than one core") but the build
    // process peaked at 299 MiB against the 300 MiB goal; 32 MiB takes part of the gain for half the RSS.
    const worker = new Worker(file, {
      workerData: { exp, warehouseFile: warehouseFile ?? null } satisfies EncoderData,
      resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 96 },
    });
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
    trySend(seq: number, work: Work): Promise<EncodedBatch> | null {
      let best: EncoderThread | null = null;
      for (const t of all) if (t.ready && !t.gone && t.waiting.size < PER_THREAD && (!best || t.waiting.size < best.waiting.size)) best = t;
      if (!best) return null;
      const thread = best;
      return new Promise<EncodedBatch>((resolve, reject) => {
        thread.waiting.set(seq, { work, resolve, reject });
        thread.worker.postMessage({ seq, ...work } satisfies EncoderTask);
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

/**
 * The encoder's bootstrap (its TypeScript source starts with tsx's hooks; see the file) beside this module, or null
 * where it is absent. Then the calling thread encodes alone.
 */
function encoderFile(entry: string | undefined): string | null {
  if (process.env.NEXT_RUNTIME) return null;
  try {
    const file = entry ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "csv-encode-worker.cjs");
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}
