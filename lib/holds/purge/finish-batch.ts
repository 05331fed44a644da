// The end of a purge batch, in ONE console transaction with its ledger entry (decision 011): the tombstones of exactly
// the records that went, the batch done, the run's counters, and the purge lease given back. It rides the ledger's
// side write on the raw driver (as the ledger's own hot path does): through Prisma, 5,000 tombstones cost ~300 ms a
// batch, more than the warehouse DELETE itself.
import type Database from "better-sqlite3";
import type pg from "pg";
import { appendLedgerEntries } from "@/lib/ledger/append";
import { now } from "@/lib/core/clock";
import { purgeEntry, systemMeta } from "./purge-entry";
import { tombstoneHashes, tombstonesDigest } from "./tombstones";

export interface FinishedBatch {
  id: string;
  seq: number;
  datasetRef: string;
  policyId: string;
}

const COLUMNS = `"run_id", "batch_seq", "dataset_ref", "policy_id", "record_hash", "deleted_at"`;

/** Prisma's own text form of a DateTime on SQLite, so raw writes compare and read back like Prisma's. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

// One statement per batch: the batch's columns bound once and its hashes as one array (SQLite: a JSON array through
// json_each; PostgreSQL: unnest of a text[]), instead of six parameters a row, which at 50,000 rows a batch cost more
// in binding than the inserts. SQLite's statement lives with its connection.
const sqliteInserts = new WeakMap<Database.Database, Database.Statement>();
function sqliteInsert(db: Database.Database): Database.Statement {
  let s = sqliteInserts.get(db);
  if (!s) sqliteInserts.set(db, (s = db.prepare(`INSERT INTO "purge_tombstones" (${COLUMNS}) SELECT ?, ?, ?, ?, "value", ? FROM json_each(?)`)));
  return s;
}

/**
 * `hashes`: the tombstone hashes of `gone`, sorted, when the caller made them already (tombstone-hasher.ts, while the
 * DELETE ran); otherwise they are made here.
 */
export async function finishBatch(
  runId: string,
  batch: FinishedBatch,
  gone: readonly string[],
  held: number,
  resumed: boolean,
  hashes: readonly string[] = tombstoneHashes(batch.datasetRef, gone),
): Promise<void> {
  // Sorted, in index order: the unique hash index then takes the batch as one ordered pass, not random probes.
  if (hashes.length !== gone.length) throw new Error(`purge batch ${batch.id}: ${hashes.length} tombstone hashes for ${gone.length} deletions`);
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
      if (hashes.length > 0) {
        const inserted = sqliteInsert(db).run(...fixed, t, JSON.stringify(hashes)).changes;
        if (inserted !== hashes.length) throw new Error(`purge batch ${batch.id}: ${inserted} tombstones written for ${hashes.length} deletions`);
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
      if (hashes.length > 0) {
        const res = await client.query(
          `INSERT INTO "purge_tombstones" (${COLUMNS}) SELECT $1::text, $2::int, $3::text, $4::text, h, $5::timestamptz FROM unnest($6::text[]) AS h`,
          [...fixed, at, hashes],
        );
        if (res.rowCount !== hashes.length)
          throw new Error(`purge batch ${batch.id}: ${res.rowCount} tombstones written for ${hashes.length} deletions`);
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
