// The end of a purge batch, in ONE console transaction with its ledger entry (decision 011): the tombstones of exactly
// the records that went, the batch done, the run's counters, and the purge lease given back. It rides the ledger's
// side write on the raw driver (as the ledger's own hot path does): through Prisma, 5,000 tombstones cost ~300 ms a
// batch, more than the warehouse DELETE itself.
import type Database from "better-sqlite3";
import type pg from "pg";
import { appendLedgerEntries } from "@/lib/ledger/append";
import { now } from "@/lib/core/clock";
import { purgeEntry, systemMeta } from "./purge-entry";
import { tombstoneHash, tombstonesDigest } from "./tombstones";

export interface FinishedBatch {
  id: string;
  seq: number;
  datasetRef: string;
  policyId: string;
}

// Rows per INSERT: 6 parameters each stays below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const ROWS_PER_INSERT = 1_000;
const COLUMNS = `"run_id", "batch_seq", "dataset_ref", "policy_id", "record_hash", "deleted_at"`;

/** Prisma's own text form of a DateTime on SQLite, so raw writes compare and read back like Prisma's. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

const sqliteInserts = new WeakMap<Database.Database, Map<number, Database.Statement>>();
function sqliteInsert(db: Database.Database, rows: number): Database.Statement {
  let byRows = sqliteInserts.get(db);
  if (!byRows) sqliteInserts.set(db, (byRows = new Map()));
  let s = byRows.get(rows);
  if (!s)
    byRows.set(
      rows,
      (s = db.prepare(`INSERT INTO "purge_tombstones" (${COLUMNS}) VALUES ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?)").join(", ")}`)),
    );
  return s;
}

export async function finishBatch(runId: string, batch: FinishedBatch, gone: readonly string[], held: number, resumed: boolean): Promise<void> {
  // In index order: the unique (dataset, hash) index then takes the batch as one ordered pass, not 5,000 random probes.
  const hashes = gone.map((id) => tombstoneHash(batch.datasetRef, id)).sort();
  const at = now();
  const entry = purgeEntry(null, systemMeta(runId), runId, "purge.batch_deleted", {
    dataset: batch.datasetRef,
    policy_id: batch.policyId,
    batch_seq: batch.seq,
    deleted: gone.length,
    held_back: held,
    tombstones_sha256: tombstonesDigest(hashes),
    ...(resumed ? { resumed: true } : {}),
  });
  const fixed = [runId, batch.seq, batch.datasetRef, batch.policyId];
  await appendLedgerEntries([entry], {
    sqlite(db: Database.Database) {
      const t = sqliteTime(at);
      for (let i = 0; i < hashes.length; i += ROWS_PER_INSERT) {
        const chunk = hashes.slice(i, i + ROWS_PER_INSERT);
        const params: unknown[] = [];
        for (const h of chunk) params.push(...fixed, h, t);
        sqliteInsert(db, chunk.length).run(...params);
      }
      db.prepare(`UPDATE "purge_batches" SET "status" = 'done', "deleted" = ?, "record_ids" = '[]', "finished_at" = ? WHERE "id" = ?`).run(
        gone.length,
        t,
        batch.id,
      );
      db.prepare(`UPDATE "purge_runs" SET "deleted" = "deleted" + ?, "progress_done" = "progress_done" + ?, "updated_at" = ? WHERE "id" = ?`).run(
        gone.length,
        gone.length,
        t,
        runId,
      );
      db.prepare(`UPDATE "purge_lease" SET "run_id" = NULL, "batch_seq" = NULL, "lease_until" = NULL WHERE "id" = 1 AND "run_id" = ?`).run(runId);
    },
    async pg(client: pg.PoolClient) {
      for (let i = 0; i < hashes.length; i += ROWS_PER_INSERT) {
        const chunk = hashes.slice(i, i + ROWS_PER_INSERT);
        const params: unknown[] = [];
        const values = chunk.map((h) => {
          params.push(...fixed, h, at);
          const b = params.length - 6;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
        });
        await client.query(`INSERT INTO "purge_tombstones" (${COLUMNS}) VALUES ${values.join(", ")}`, params);
      }
      await client.query(`UPDATE "purge_batches" SET "status" = 'done', "deleted" = $1, "record_ids" = '[]', "finished_at" = $2 WHERE "id" = $3`, [
        gone.length,
        at,
        batch.id,
      ]);
      await client.query(
        `UPDATE "purge_runs" SET "deleted" = "deleted" + $1, "progress_done" = "progress_done" + $1, "updated_at" = $2 WHERE "id" = $3`,
        [gone.length, at, runId],
      );
      await client.query(`UPDATE "purge_lease" SET "run_id" = NULL, "batch_seq" = NULL, "lease_until" = NULL WHERE "id" = 1 AND "run_id" = $1`, [
        runId,
      ]);
    },
  });
}
