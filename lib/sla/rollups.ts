// Hourly rollups (sla_rollups): per definition VERSION and UTC hour, the judged good/total counted under the version's
// method, the observations and the worst value. The ingest keeps them in step inside its own transaction
// (applyToRollups); an edit recomputes the new version from raw observations (rebuildRollups). Decision 034.
import type Database from "better-sqlite3";
import type pg from "pg";
import { DateTime } from "luxon";
import { dbTarget, getDb } from "@/lib/db/client";
import { sqliteHandle } from "@/lib/db/raw";
import { judge } from "./judge";
import { HOUR_MS } from "./math/evaluate";
import { combineWorst, countAs, worstValue } from "./math/thresholds";
import type { SlaDefinitionView, StoredObservation } from "./types";

/**
 * Where rollups are written: one statement with `?` placeholders, run inside the caller's transaction. Build one with
 * rollupWriterFromPrisma(tx) in a Prisma interactive transaction, or rollupWriterFromSqlite(db) /
 * rollupWriterFromPg(client) on the raw drivers (inside a better-sqlite3 transaction or a BEGIN on that pg client).
 */
export interface RollupWriter {
  dialect: "sqlite" | "postgresql";
  execute(sql: string, params: unknown[]): Promise<unknown>;
}

interface PrismaRaw {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

const toPg = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

export function rollupWriterFromPrisma(tx: PrismaRaw, dialect: "sqlite" | "postgresql" = dbTarget().dialect): RollupWriter {
  return { dialect, execute: (sql, params) => tx.$executeRawUnsafe(dialect === "postgresql" ? toPg(sql) : sql, ...params) };
}

export function rollupWriterFromSqlite(db: Database.Database): RollupWriter {
  return {
    dialect: "sqlite",
    execute: async (sql, params) => db.prepare(sql).run(...params),
  };
}

export function rollupWriterFromPg(client: pg.PoolClient | pg.Client): RollupWriter {
  return { dialect: "postgresql", execute: (sql, params) => client.query(toPg(sql), params) };
}

/** Prisma's own text form of a DateTime on SQLite, so raw writes compare and read back like Prisma's. */
export const sqliteTime = (d: Date | number) => new Date(d).toISOString().replace("Z", "+00:00");

/**
 * The instant an observation counts at. A daily close counts on its business date (local midnight in the SLA's
 * zone), so a late close is a bad day for the date it closes, not a good one for the day it landed; a day's spend
 * counts at the start of its day, so month ends fall right whatever "end of the day" the sender used.
 */
export function effectiveAt(def: SlaDefinitionView, obs: StoredObservation): Date {
  if (obs.kind === "daily_close" && typeof obs.detail?.business_date === "string") {
    const d = DateTime.fromISO(obs.detail.business_date, { zone: def.timeZone });
    if (d.isValid) return d.startOf("day").toJSDate();
  }
  if (obs.kind === "spend" && obs.windowStart) return obs.windowStart;
  return obs.observedAt;
}

interface Agg {
  key: string;
  version: number;
  startMs: number;
  good: number;
  total: number;
  observations: number;
  worst: number | null;
  spend: boolean;
}

/** Sums observations per (key, version, hour) in memory: many thousands of observations become a few rows. */
export function aggregateRollups(
  defs: readonly SlaDefinitionView[],
  obs: readonly StoredObservation[],
  into = new Map<string, Agg>(),
): Map<string, Agg> {
  const byKey = new Map<string, SlaDefinitionView[]>();
  for (const d of defs) {
    const list = byKey.get(d.key);
    if (list) list.push(d);
    else byKey.set(d.key, [d]);
  }
  for (const o of obs) {
    for (const def of byKey.get(o.slaKey) ?? []) {
      if (def.sliKind !== o.kind) continue;
      const j = judge(def, o);
      const c = countAs(def.budgeting, j);
      const startMs = Math.floor(effectiveAt(def, o).getTime() / HOUR_MS) * HOUR_MS;
      const id = `${def.key}\u0000${def.version}\u0000${startMs}`;
      let a = into.get(id);
      if (!a)
        into.set(
          id,
          (a = { key: def.key, version: def.version, startMs, good: 0, total: 0, observations: 0, worst: null, spend: def.sliKind === "spend" }),
        );
      a.good += c.good;
      a.total += c.total;
      a.observations += 1;
      a.worst = combineWorst(def.sliKind, a.worst, worstValue(def.sliKind, j));
    }
  }
  return into;
}

const COLUMNS = `"sla_key", "version", "bucket_start", "good", "total", "observations", "worst"`;
const ROWS_PER_STATEMENT = 500;
const keep = `"sla_rollups"."worst"`;
const incoming = `excluded."worst"`;
const MERGE_MAX = `CASE WHEN ${keep} IS NULL THEN ${incoming} WHEN ${incoming} IS NULL THEN ${keep} WHEN ${incoming} > ${keep} THEN ${incoming} ELSE ${keep} END`;
const MERGE_SUM = `CASE WHEN ${keep} IS NULL THEN ${incoming} WHEN ${incoming} IS NULL THEN ${keep} ELSE ${keep} + ${incoming} END`;

async function upsert(db: RollupWriter, rows: Agg[], spend: boolean): Promise<void> {
  const time = db.dialect === "sqlite" ? "?" : "?::timestamptz";
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    for (const r of chunk)
      params.push(
        r.key,
        r.version,
        db.dialect === "sqlite" ? sqliteTime(r.startMs) : new Date(r.startMs).toISOString(),
        r.good,
        r.total,
        r.observations,
        r.worst,
      );
    await db.execute(
      `INSERT INTO "sla_rollups" (${COLUMNS}) VALUES ${chunk.map(() => `(?, ?, ${time}, ?, ?, ?, ?)`).join(", ")} ` +
        `ON CONFLICT ("sla_key", "version", "bucket_start") DO UPDATE SET "good" = "sla_rollups"."good" + excluded."good", ` +
        `"total" = "sla_rollups"."total" + excluded."total", "observations" = "sla_rollups"."observations" + excluded."observations", ` +
        `"worst" = ${spend ? MERGE_SUM : MERGE_MAX}`,
      params,
    );
  }
}

async function writeAggregates(db: RollupWriter, aggs: Iterable<Agg>): Promise<number> {
  const all = [...aggs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.version - b.version || a.startMs - b.startMs));
  await upsert(
    db,
    all.filter((a) => !a.spend),
    false,
  );
  await upsert(
    db,
    all.filter((a) => a.spend),
    true,
  );
  return all.length;
}

/**
 * Adds newly stored observations to the rollups of every version in `defs` whose key (and kind) they match: pass
 * every version to keep (the detail page shows attainment under each). Aggregates in memory first, then upserts a
 * few hundred rows per statement, inside the caller's transaction.
 */
export async function applyToRollups(
  db: RollupWriter,
  defs: readonly SlaDefinitionView[],
  obs: readonly StoredObservation[],
): Promise<{ buckets: number }> {
  if (obs.length === 0 || defs.length === 0) return { buckets: 0 };
  return { buckets: await writeAggregates(db, aggregateRollups(defs, obs).values()) };
}

const READ_CHUNK = 20_000;

interface RawObservationRow {
  id: number | bigint;
  kind: string;
  subject: string;
  observed_at: Date | string | number;
  window_start: Date | string | number | null;
  value: number | null;
  good: number;
  total: number;
  detail: string | null;
}

export function toDate(v: Date | string | number): Date {
  return v instanceof Date ? v : new Date(typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v);
}

export function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const d: unknown = JSON.parse(detail);
    return d && typeof d === "object" && !Array.isArray(d) ? (d as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function rowToObservation(slaKey: string, r: RawObservationRow): StoredObservation {
  return {
    slaKey,
    kind: r.kind as StoredObservation["kind"],
    subject: r.subject,
    observedAt: toDate(r.observed_at),
    windowStart: r.window_start === null ? null : toDate(r.window_start),
    value: r.value === null ? null : Number(r.value),
    good: Number(r.good),
    total: Number(r.total),
    detail: parseDetail(r.detail),
  };
}

/**
 * Recomputes one version's rollups from its key's raw observations (after an edit: the new version judges the whole
 * history). One transaction: the old rows go and the new ones arrive together, so a reader never sees half. On
 * PostgreSQL the rollups table is locked against concurrent upserts for the while (an ingest waits, then adds its
 * rows on top); on SQLite the transaction holds the write lock. Reads walk the (sla_key, observed_at) index in chunks.
 */
export async function rebuildRollups(def: SlaDefinitionView): Promise<{ observations: number; buckets: number }> {
  const target = dbTarget();
  const dialect = target.dialect;
  const t = (d: Date) => (dialect === "sqlite" ? sqliteTime(d) : d.toISOString());
  const cast = dialect === "sqlite" ? "?" : "?::timestamptz";
  const select =
    `SELECT "id", "kind", "subject", "observed_at", "window_start", "value", "good", "total", "detail" FROM "sla_observations" ` +
    `WHERE "sla_key" = ? AND ("observed_at" > ${cast} OR ("observed_at" = ${cast} AND "id" > ?)) ORDER BY "observed_at", "id" LIMIT ${READ_CHUNK}`;
  return getDb().$transaction(
    async (tx) => {
      const writer = rollupWriterFromPrisma(tx, dialect);
      if (dialect === "postgresql") await tx.$executeRawUnsafe(`LOCK TABLE "sla_rollups" IN SHARE ROW EXCLUSIVE MODE`);
      await writer.execute(`DELETE FROM "sla_rollups" WHERE "sla_key" = ? AND "version" = ?`, [def.key, def.version]);
      const aggs = new Map<string, Agg>();
      let after = new Date(0);
      let afterId = 0;
      let seen = 0;
      for (;;) {
        // SQLite: the driver reads committed rows (this transaction holds the write lock, so nothing new commits), at
        // a tenth of Prisma's cost per row; PostgreSQL: inside the transaction, after the lock.
        const params = [def.key, t(after), t(after), afterId];
        const rows =
          target.dialect === "sqlite"
            ? (sqliteHandle(target.path)
                .prepare(select)
                .all(...params) as RawObservationRow[])
            : await tx.$queryRawUnsafe<RawObservationRow[]>(toPg(select), ...params);
        if (rows.length === 0) break;
        seen += rows.length;
        aggregateRollups(
          [def],
          rows.map((r) => rowToObservation(def.key, r)),
          aggs,
        );
        const last = rows[rows.length - 1];
        after = toDate(last.observed_at);
        afterId = Number(last.id);
        if (rows.length < READ_CHUNK) break;
      }
      const buckets = await writeAggregates(writer, aggs.values());
      return { observations: seen, buckets };
    },
    { maxWait: 30_000, timeout: 30 * 60_000 },
  );
}
