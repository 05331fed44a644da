// A worker thread of parallel `ledger verify` (decision 018, Speed): verifies whole chunks of seqs on its own
// read-only connection and answers with O(log n + checkpoints) facts per chunk, never rows. It only has to be right
// about "clean": anything else makes the main thread walk the whole ledger the single-threaded way, which says why.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { DbTarget } from "@/lib/db/dialect";
import { MerkleFrontier } from "./merkle";
import { LEDGER_COLUMNS } from "./row";
import { chunkWalk, SQLITE_FAST_COLUMNS, type ChunkTask, type RowForm, type WorkerMessage } from "./verify-chunk";

// Small batches die young: with 2,000 rows a batch outlived the scavenges and was promoted (GC was a quarter of a
// worker's time); 500 rows in a 16 MB young generation cost the least CPU and RSS (decision 029).
const BATCH = 500;
/** Rows between progress messages (a message per batch cost more than the progress bar needs). */
const PROGRESS_EVERY = 10_000;
const COLS = LEDGER_COLUMNS.join(", ");
const target = workerData as DbTarget;

type Reader = (after: number, to: number) => Promise<unknown[][]> | unknown[][];

async function open(): Promise<{ read: Reader; form: RowForm; close: () => Promise<void> }> {
  if (target.dialect === "sqlite") {
    const db = new Database(target.path, { readonly: true, fileMustExist: true });
    // The database writes each row's hashed text (verify-chunk.ts, decision 029); a row it cannot vouch for is read whole.
    const stmt = db.prepare(`SELECT ${SQLITE_FAST_COLUMNS} FROM ledger_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${BATCH}`).raw(true);
    const whole = db.prepare(`SELECT ${COLS} FROM ledger_entries WHERE seq = ?`).raw(true);
    return {
      read: (after, to) => stmt.all(after, to) as unknown[][],
      form: { fast: true, readWhole: (seq) => whole.get(seq) as unknown[] | undefined },
      close: async () => void db.close(),
    };
  }
  // Loaded only here: a SQLite walk's workers start faster without it.
  const { default: pg } = await import("pg");
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
    form: { fast: false },
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
        const walk = chunkWalk(task, new MerkleFrontier(), conn.form);
        let pending = 0;
        for (let after = task.from; after < task.to;) {
          const rows = await conn.read(after, task.to);
          if (rows.length === 0) break;
          if (!walk.push(rows)) break;
          after = walk.lastSeq;
          pending += rows.length;
          if (pending >= PROGRESS_EVERY) {
            port.postMessage({ type: "progress", rows: pending } satisfies WorkerMessage);
            pending = 0;
          }
        }
        if (pending > 0) port.postMessage({ type: "progress", rows: pending } satisfies WorkerMessage);
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
