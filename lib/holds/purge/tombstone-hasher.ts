// A purge batch's tombstone hashes, made while its DELETE runs (decision 041). On SQLite the warehouse DELETE is
// synchronous on the thread that runs the purge, and the batch's HMACs (one per deleted record) were about half of
// what the batch's end cost; a thread of their own takes them off that path, so on a machine with a second core they
// cost no time. A thread that cannot start or dies costs time, never a hash: the calling thread hashes instead.
// Like the export's encoder threads, the thread is started from a file beside this one and never inside the Next.js
// server (its bundler must not see a worker; the server runs purges in a process of its own, purge-process.ts).
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { tombstoneHashes, tombstoneKey } from "./tombstones";

export type HashTask = { seq: number; key: Uint8Array; ids: readonly string[] };
export type HashReply = { seq: number; hashes: string[] };

export interface TombstoneHasher {
  /** The ids' tombstone hashes, sorted; resolves once they are made (on the thread if it is up, else here). */
  hash(datasetRef: string, ids: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
  /** Batches hashed by the thread and here (tests). */
  readonly stats: { threaded: number; local: number };
}

export const TOMBSTONE_HASH_WORKER = "lib/holds/purge/tombstone-hash-worker.cjs";

// Batches smaller than this are hashed in place: a round trip to the thread costs more than their HMACs.
const THREAD_MIN_IDS = 2_000;

export function startTombstoneHasher(opts: { entry?: string | null; minIds?: number } = {}): TombstoneHasher {
  const stats = { threaded: 0, local: 0 };
  const minIds = opts.minIds ?? THREAD_MIN_IDS;
  const file = opts.entry === undefined ? workerFile() : opts.entry;
  let worker: Worker | null = null;
  let gone = file === null;
  let seq = 0;
  const pending = new Map<number, { datasetRef: string; ids: readonly string[]; resolve: (h: string[]) => void; reject: (e: unknown) => void }>();
  const local = (datasetRef: string, ids: readonly string[]) => {
    stats.local++;
    return tombstoneHashes(datasetRef, ids);
  };
  // The thread is gone (failed to start, threw, exited): what it had is hashed here.
  const fallBack = () => {
    if (gone) return;
    gone = true;
    for (const [n, p] of pending) {
      pending.delete(n);
      try {
        p.resolve(local(p.datasetRef, p.ids));
      } catch (err) {
        p.reject(err);
      }
    }
  };
  const start = () => {
    if (worker || gone) return worker;
    try {
      worker = new Worker(file!);
    } catch {
      fallBack();
      return null;
    }
    worker.on("message", (m: HashReply) => {
      const p = pending.get(m.seq);
      if (!p) return;
      pending.delete(m.seq);
      stats.threaded++;
      p.resolve(m.hashes);
    });
    worker.once("error", fallBack);
    worker.once("exit", fallBack);
    return worker;
  };
  return {
    stats,
    hash(datasetRef, ids) {
      if (ids.length < minIds || gone) return Promise.resolve().then(() => local(datasetRef, ids));
      const w = start();
      if (!w) return Promise.resolve().then(() => local(datasetRef, ids));
      return new Promise<string[]>((resolve, reject) => {
        const n = ++seq;
        pending.set(n, { datasetRef, ids, resolve, reject });
        w.postMessage({ seq: n, key: tombstoneKey(datasetRef), ids } satisfies HashTask);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      gone = true;
      if (w) await w.terminate();
    },
  };
}

function workerFile(): string | null {
  if (process.env.NEXT_RUNTIME) return null;
  const file = path.join(process.cwd(), TOMBSTONE_HASH_WORKER);
  return existsSync(file) ? file : null;
}
