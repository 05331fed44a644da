// A worker thread of parallel `ledger verify` (decision 018, Speed): verifies whole chunks of seqs on its own
// read-only connection and answers with O(log n + checkpoints) facts per chunk, never rows. It only has to be right
// about "clean": anything else makes the main thread walk the whole ledger the single-threaded way, which says why.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import pg from "pg";
import type { DbTarget } from "@/lib/db/dialect";
import { MerkleFrontier } from "./merkle";
import { LEDGER_COLUMNS } from "./row";
import { chunkWalk, type ChunkTask, type WorkerMessage } from "./verify-chunk";

const BATCH = 2_000;
const COLS = LEDGER_COLUMNS.join(", ");
const target = workerData as DbTarget;

type Reader = (after: number, to: number) => Promise<unknown[][]> | unknown[][];

async function open(): Promise<{ read: Reader; close: () => Promise<void> }> {
  if (target.dialect === "sqlite") {
    const db = new Database(target.path, { readonly: true, fileMustExist: true });
    const stmt = db.prepare(`SELECT ${COLS} FROM ledger_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${BATCH}`).raw(true);
    return { read: (after, to) => stmt.all(after, to) as unknown[][], close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return {
    read: async (after, to) =>
      (
        await client.query<unknown[]>({
          text: `SELECT ${COLS} FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${BATCH}`,
          values: [after, to],
          rowMode: "array",
        })
      ).rows,
    close: () => client.end(),
  };
}

async function main() {
  const port = parentPort!;
  const conn = await open();
  port.on("message", (task: ChunkTask | null) => {
    if (task === null) {
      void conn.close().then(() => port.close());
      return;
    }
    void (async () => {
      try {
        const walk = chunkWalk(task, new MerkleFrontier());
        for (let after = task.from; after < task.to;) {
          const rows = await conn.read(after, task.to);
          if (rows.length === 0) break;
          if (!walk.push(rows)) break;
          after = walk.lastSeq;
          port.postMessage({ type: "progress", rows: rows.length } satisfies WorkerMessage);
        }
        port.postMessage({ type: "chunk", summary: walk.finish() } satisfies WorkerMessage);
      } catch (err) {
        port.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
      }
    })();
  });
  port.postMessage({ type: "ready" } satisfies WorkerMessage);
}

main().catch((err: unknown) => {
  parentPort?.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
});
