// purge_rows_per_s and purge_held_deleted (issue 9): an execute purge run over a bench warehouse of its own with
// BENCH_PURGE_ROWS (default 1,000,000) booking legs, all past retention, BENCH_PURGE_HELD (default 10,000) of them
// covered by subject holds (100 holds × 10 people × 10 legs at the default), run end to end by the engine (snapshot,
// counting with per-hold figures, batches under the purge lease with the holds re-read after it, tombstones, ledger),
// beside its floor: a raw DELETE of exactly the rows the run deleted, with the same driver, in the same batches, one
// transaction per batch, no holds, no tombstones, no ledger. "The same driver" is the purge writer's own DELETE on a
// copy of the same file: the same pragmas (page cache, WAL checkpoint step, synchronous=FULL) and the same addressing.
// The engine scans and deletes in rowid order (decision 031, Speed), so the floor does too: the non-held rows in rowid
// order, cut into the run's own per-batch counts, each batch deleted `WHERE rowid IN (…) AND id IN (…)` as the run's was.
// purge_held_deleted counts held legs found missing afterwards (must be 0).
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { PurgeWriter, ScannedRow } from "@/lib/warehouse/purge-writer";
import { WAREHOUSE_INDEX_DDL, WAREHOUSE_TABLE_DDL } from "@/lib/warehouse/schema";

interface Figure {
  value: number;
  unit: "per_s" | "count";
  floor?: number;
  ratio?: number;
  note?: string;
}

const count = (n: number) => n.toLocaleString("en-US");
const LEGS = "marketplace.booking_legs@1";
const LEGS_PER_HELD_PERSON = 10;
const PEOPLE_PER_HOLD = 10;

const pad = (i: number) => String(i).padStart(9, "0");
const heldPerson = (i: number) => `usr_held${pad(i)}`;
// Ids as the platform makes them (random, like the demo warehouse's), inserted in generation order: a table's row
// order, its id order and its secondary indexes' orders are unrelated, as in a real warehouse.
const randomId = (prefix: string, i: number) => `${prefix}_${createHash("sha256").update(`${prefix}${i}`).digest("hex").slice(0, 16)}`;

/** Every (rows / held)-th leg belongs to a held person (10 legs each), the rest to people with one leg each. */
function buildWarehouse(file: string, rows: number, held: number): { heldPeople: string[] } {
  const db = new Database(file);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.exec(WAREHOUSE_TABLE_DDL);
  const insert = db.prepare(
    "INSERT INTO booking_legs (booking_leg_id, lbg_id, person_id, leg_role, city_id, amount_cents, currency, starts_at) VALUES (?, ?, ?, 'photographer', 'nyc', 10000, 'USD', ?)",
  );
  const heldPeople = Array.from({ length: Math.ceil(held / LEGS_PER_HELD_PERSON) }, (_, i) => heldPerson(i));
  // Held legs are spread through the id range, so every batch meets some.
  const every = Math.max(1, Math.floor(rows / held));
  let heldSoFar = 0;
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const isHeld = i % every === 0 && heldSoFar < held;
      const person = isHeld ? heldPeople[Math.floor(heldSoFar++ / LEGS_PER_HELD_PERSON)] : randomId("usr", i);
      const day = 1 + (i % 28);
      insert.run(randomId("leg", i), randomId("lbg", Math.floor(i / 3)), person, `2019-03-${String(day).padStart(2, "0")}T10:00:00Z`);
    }
  })();
  db.exec(WAREHOUSE_INDEX_DDL);
  db.exec("ANALYZE");
  db.pragma("journal_mode = WAL");
  db.close();
  return { heldPeople };
}

/**
 * The floor: the same rows deleted with the same driver and statement (the purge writer's own DELETE, so the same
 * pragmas and the same rowid addressing), batch by batch, one transaction each; nothing else.
 */
async function rawDelete(writer: PurgeWriter, batches: readonly ScannedRow[][]): Promise<{ ms: number; deleted: number }> {
  let deleted = 0;
  const t = performance.now();
  for (const rows of batches) deleted += await writer.deleteScanned(LEGS, rows);
  const ms = performance.now() - t;
  await writer.close();
  return { ms, deleted };
}

export async function purgeFigures(opts: {
  dir: string;
  rows: number;
  held: number;
  progress: (m: string) => void;
}): Promise<{ purge_rows_per_s: Figure; purge_held_deleted: Figure }> {
  const { getDb } = await import("@/lib/db/client");
  const { env } = await import("@/lib/core/env");
  const { insertActiveHold, insertPolicy, resetPurgeState } = await import("@/lib/holds/purge/test-helpers");
  const { startPurgeRun } = await import("@/lib/holds/purge/start-purge-run");
  const { runPurge } = await import("@/lib/holds/purge/run-purge");
  const { openSqlitePurgeWriter } = await import("@/lib/warehouse/purge-writer");

  const file = path.join(opts.dir, "purge-warehouse.db");
  const floorFile = path.join(opts.dir, "purge-warehouse-floor.db");
  opts.progress(`purge: building a warehouse of ${count(opts.rows)} legs past retention, ${count(opts.held)} of them held…`);
  const { heldPeople } = buildWarehouse(file, opts.rows, opts.held);
  copyFileSync(file, floorFile);

  await resetPurgeState();
  await insertPolicy(LEGS, 365, "starts_at");
  for (let i = 0; i < heldPeople.length; i += PEOPLE_PER_HOLD) {
    await insertActiveHold(
      heldPeople.slice(i, i + PEOPLE_PER_HOLD).map((value) => ({ kind: "subject" as const, value })),
      `bench hold ${i / PEOPLE_PER_HOLD + 1}`,
    );
  }
  const holds = Math.ceil(heldPeople.length / PEOPLE_PER_HOLD);

  opts.progress(`purge: execute run (${count(holds)} holds, batches of up to ${count(env().purgeBatchRows)} rows)…`);
  const writer = openSqlitePurgeWriter(file);
  const { runId } = await startPurgeRun(
    { actor: null, meta: { requestId: "bench", ipHash: null, uaHash: null } },
    { mode: "execute", trigger: "cli" },
  );
  const t = performance.now();
  // The breaker would stop a first run of this size for approval; the bench measures the deleting, so it is set aside.
  let counted = 0;
  const summary = await runPurge(runId, {
    writer,
    breaker: { multiple: 3, minRows: Number.MAX_SAFE_INTEGER },
    hooks: {
      async beforeBatch(seq) {
        if (seq === 1) counted = performance.now() - t;
      },
    },
  });
  const ms = performance.now() - t;
  await writer.close();
  if (summary.status !== "completed") throw new Error(`the bench purge run ended ${summary.status}`);
  const tombstones = await getDb().purgeTombstone.count({ where: { runId } });
  if (tombstones !== summary.deleted) throw new Error(`${tombstones} tombstones for ${summary.deleted} deletions`);

  const check = new Database(file, { readonly: true });
  const heldLeft = (
    check.prepare(`SELECT count(*) AS n FROM booking_legs WHERE person_id IN (SELECT value FROM json_each(?))`).get(JSON.stringify(heldPeople)) as {
      n: number;
    }
  ).n;
  const left = (check.prepare("SELECT count(*) AS n FROM booking_legs").get() as { n: number }).n;
  check.close();

  // The floor deletes exactly the rows the run deleted, batch by batch as the run did (its per-batch counts, in rowid
  // order, the order the run scanned), through the same writer's DELETE on a copy of the same file.
  const runBatches = await getDb().purgeBatch.findMany({ where: { runId }, orderBy: { seq: "asc" }, select: { deleted: true } });
  const floorDb = new Database(floorFile, { readonly: true });
  const heldSet = new Set(heldPeople);
  const rows = (
    floorDb.prepare("SELECT rowid, booking_leg_id, person_id FROM booking_legs ORDER BY rowid").raw().all() as Array<[number, string, string]>
  )
    .filter(([, , person]) => !heldSet.has(person))
    .map(([rowid, id]) => ({ id, flagged: false, key: String(rowid) }));
  floorDb.close();
  const batches: Array<typeof rows> = [];
  let from = 0;
  for (const b of runBatches) batches.push(rows.slice(from, (from += b.deleted)));
  opts.progress(`purge: raw DELETE of the same ${count(rows.length)} rows…`);
  const floor = await rawDelete(openSqlitePurgeWriter(floorFile), batches);
  if (floor.deleted !== summary.deleted) throw new Error(`the floor deleted ${floor.deleted} rows, the run ${summary.deleted}`);
  const size = env().purgeBatchRows;

  const rate = Math.round((summary.deleted / ms) * 1000);
  const floorRate = Math.round((floor.deleted / floor.ms) * 1000);
  await resetPurgeState();
  return {
    purge_rows_per_s: {
      value: rate,
      unit: "per_s",
      floor: floorRate,
      ratio: Number((rate / floorRate).toPrecision(3)),
      note: `execute run over ${count(opts.rows)} legs past retention with ${count(opts.held)} held by ${count(holds)} subject holds, SQLite warehouse: the whole run (snapshot, counting per dataset and per hold, ${runBatches.length} batches (${count(Math.min(...runBatches.map((b) => b.deleted)))} to ${count(Math.max(...runBatches.map((b) => b.deleted)))} rows, growing towards ${count(env().purgeBatchTargetMs / 1000)} s each, at most ${count(size)}) under the purge lease with holds re-read, tombstones, ledger) in ${Math.round(ms)} ms, of which counting ${Math.round(counted)} ms; floor: raw DELETE of the same rows through the same writer (rowid order), same batches, one transaction each (${Math.round(floor.ms)} ms); goal >= 0.5 and >= 50,000/s`,
    },
    purge_held_deleted: {
      value: opts.held - heldLeft,
      unit: "count",
      note: `held legs missing after the run (${count(heldLeft)} of ${count(opts.held)} left; ${count(left)} legs left in all); must be 0`,
    },
  };
}
