// STAND-IN (ingest slice) for lib/sla/rollups.ts, which the math slice writes: same signatures, `applyToRollups(db,
// defs, obs)` and `rebuildRollups(def)`, so the lead swaps the imports at merge and deletes this file. It sums the
// stored good/total per (key, version, UTC hour) WITHOUT judging (no threshold applied): enough to exercise the
// ingest's transaction and to give the bench a realistic write, not the real attainment.
//
// RollupWriter is the ingest's open transaction on the raw driver of either dialect; applyToRollups runs inside it,
// so the observations and their rollups commit together.
import type Database from "better-sqlite3";
import type pg from "pg";
import { retryWhileBusy } from "@/lib/db/busy";
import { dbTarget } from "@/lib/db/client";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import type { SlaDefinitionView, StoredObservation } from "@/lib/sla/types";

export type RollupWriter =
  /** better-sqlite3 handle inside an open (BEGIN IMMEDIATE) transaction: statements run synchronously in it. */
  | { dialect: "sqlite"; db: Database.Database }
  /** A pool client inside BEGIN … COMMIT. */
  | { dialect: "postgresql"; client: pg.PoolClient };

const HOUR = 3_600_000;
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

interface Sum {
  key: string;
  version: number;
  bucket: number;
  good: number;
  total: number;
  n: number;
  worst: number | null;
}

function sums(defs: readonly SlaDefinitionView[], obs: readonly StoredObservation[]): Sum[] {
  const byKey = new Map<string, SlaDefinitionView[]>();
  for (const d of defs) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  const out = new Map<string, Sum>();
  for (const o of obs) {
    const bucket = Math.floor(o.observedAt.getTime() / HOUR) * HOUR;
    for (const d of byKey.get(o.slaKey) ?? []) {
      const k = `${d.key}\u0000${d.version}\u0000${bucket}`;
      let s = out.get(k);
      if (!s) out.set(k, (s = { key: d.key, version: d.version, bucket, good: 0, total: 0, n: 0, worst: null }));
      s.good += o.good;
      s.total += o.total;
      s.n += 1;
      if (o.value !== null) s.worst = s.worst === null ? o.value : Math.max(s.worst, o.value);
    }
  }
  return [...out.values()];
}

const UPSERT_TAIL = `ON CONFLICT (sla_key, version, bucket_start) DO UPDATE SET good = sla_rollups.good + excluded.good,
  total = sla_rollups.total + excluded.total, observations = sla_rollups.observations + excluded.observations,
  worst = CASE WHEN sla_rollups.worst IS NULL THEN excluded.worst WHEN excluded.worst IS NULL THEN sla_rollups.worst
               WHEN excluded.worst > sla_rollups.worst THEN excluded.worst ELSE sla_rollups.worst END`;
const SQLITE_ROWS = 200;

function writeSqlite(db: Database.Database, rows: readonly Sum[]): void {
  for (let i = 0; i < rows.length; i += SQLITE_ROWS) {
    const chunk = rows.slice(i, i + SQLITE_ROWS);
    const values: unknown[] = [];
    for (const r of chunk) values.push(r.key, r.version, sqliteTime(r.bucket), r.good, r.total, r.n, r.worst);
    db.prepare(
      `INSERT INTO sla_rollups (sla_key, version, bucket_start, good, total, observations, worst) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")} ${UPSERT_TAIL}`,
    ).run(values);
  }
}

export async function applyToRollups(db: RollupWriter, defs: SlaDefinitionView[], obs: StoredObservation[]): Promise<void> {
  const rows = sums(defs, obs);
  if (rows.length === 0) return;
  if (db.dialect === "sqlite") return writeSqlite(db.db, rows);
  await db.client.query(
    `INSERT INTO sla_rollups (sla_key, version, bucket_start, good, total, observations, worst)
     SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::float8[], $5::float8[], $6::int[], $7::float8[]) ${UPSERT_TAIL}`,
    [
      rows.map((r) => r.key),
      rows.map((r) => r.version),
      rows.map((r) => new Date(r.bucket).toISOString()),
      rows.map((r) => r.good),
      rows.map((r) => r.total),
      rows.map((r) => r.n),
      rows.map((r) => r.worst),
    ],
  );
}

/** Recomputes one version's rollups from every stored observation of its key (after an edit made that version). */
export async function rebuildRollups(def: SlaDefinitionView): Promise<void> {
  const t = dbTarget();
  if (t.dialect === "sqlite") {
    const db = sqliteHandle(t.path);
    const rows = db.prepare("SELECT observed_at, value, good, total FROM sla_observations WHERE sla_key = ?").all(def.key) as Array<{
      observed_at: string;
      value: number | null;
      good: number;
      total: number;
    }>;
    const sumRows = sums(
      [def],
      rows.map((r) => stored(def, r.observed_at, r)),
    );
    await retryWhileBusy(() =>
      db
        .transaction(() => {
          db.prepare("DELETE FROM sla_rollups WHERE sla_key = ? AND version = ?").run(def.key, def.version);
          writeSqlite(db, sumRows);
        })
        .immediate(),
    );
    return;
  }
  const client = await pgPool(t.url).connect();
  try {
    await client.query("BEGIN");
    await client.query("DELETE FROM sla_rollups WHERE sla_key = $1 AND version = $2", [def.key, def.version]);
    const { rows } = await client.query<{ observed_at: Date; value: number | null; good: number; total: number }>(
      "SELECT observed_at, value, good, total FROM sla_observations WHERE sla_key = $1",
      [def.key],
    );
    await applyToRollups(
      { dialect: "postgresql", client },
      [def],
      rows.map((r) => stored(def, r.observed_at, r)),
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function stored(def: SlaDefinitionView, at: string | Date, r: { value: number | null; good: number; total: number }): StoredObservation {
  return {
    slaKey: def.key,
    kind: def.sliKind,
    subject: "",
    observedAt: new Date(at),
    windowStart: null,
    value: r.value === null ? null : Number(r.value),
    good: Number(r.good),
    total: Number(r.total),
    detail: null,
  };
}
