// The read model's queries: rollups of the asked versions in ONE query (with each version's first bucket ever, for
// daily-close misses), and raw observations of the last hours only (burn rates over 1 h and 6 h, latest values).
import { createHash } from "node:crypto";
import { rawRead } from "@/lib/catalog/raw-query";
import { dbTarget } from "@/lib/db/client";
import { judge } from "../judge";
import type { HourBucket, RecentPoint } from "../math/evaluate";
import { countAs } from "../math/thresholds";
import { rowToObservation, sqliteTime, toDate } from "../rollups";
import type { SlaDefinitionView, StoredObservation } from "../types";

export interface VersionRollups {
  buckets: HourBucket[];
  firstMs: number | null;
}

const refOf = (key: string, version: number) => `${key}@${version}`;
const stmtName = (sql: string) => `sla_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
const time = (d: Date) => (dbTarget().dialect === "sqlite" ? sqliteTime(d) : d.toISOString());

function dialectSql(sql: string): { sqlite: string; pg: string } {
  let i = 0;
  return { sqlite: sql.replace(/\?::\w+/g, "?"), pg: sql.replace(/\?/g, () => `$${++i}`) };
}

/** Prisma's SQLite text form parsed by hand (a Date parse per row was a third of a 90-day dashboard's time). */
function instantMs(v: Date | string): number {
  if (typeof v === "string" && v.length === 29 && v.endsWith("+00:00") && v[10] === "T") {
    const ms = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10), +v.slice(11, 13), +v.slice(14, 16), +v.slice(17, 19), +v.slice(20, 23));
    if (!Number.isNaN(ms)) return ms;
  }
  return toDate(v).getTime();
}

interface RollupRow {
  sla_key: string;
  version: number;
  bucket_start: Date | string | null;
  good: number;
  total: number;
  observations: number;
  worst: number | null;
  first: number;
}

/** Hourly rollups of every version in `versions` from `fromMs` on, by ref (`key@version`). One query. */
export async function loadRollups(
  versions: ReadonlyArray<Pick<SlaDefinitionView, "key" | "version">>,
  fromMs: number,
): Promise<Map<string, VersionRollups>> {
  const out = new Map<string, VersionRollups>();
  for (const v of versions) out.set(refOf(v.key, v.version), { buckets: [], firstMs: null });
  if (versions.length === 0) return out;
  const pairs = versions.map(() => `("sla_key" = ? AND "version" = ?)`).join(" OR ");
  const sql = dialectSql(
    `SELECT "sla_key", "version", "bucket_start", "good", "total", "observations", "worst", 0 AS "first" FROM "sla_rollups" ` +
      `WHERE (${pairs}) AND "bucket_start" >= ?::timestamptz ` +
      // Each version's first bucket ever: one index probe per version (a GROUP BY over the OR would walk them all).
      versions
        .map(
          () =>
            `UNION ALL SELECT ?::text, ?::int, (SELECT MIN("bucket_start") FROM "sla_rollups" WHERE "sla_key" = ? AND "version" = ?), 0, 0, 0, NULL, 1 `,
        )
        .join("") +
      `ORDER BY 1, 2, 3`,
  );
  const keyParams = versions.flatMap((v) => [v.key, v.version]);
  const firstParams = versions.flatMap((v) => [v.key, v.version, v.key, v.version]);
  const rows = await rawRead<RollupRow>(stmtName(sql.pg), sql, [...keyParams, time(new Date(fromMs)), ...firstParams]);
  for (const r of rows) {
    const slot = out.get(refOf(r.sla_key, Number(r.version)));
    if (!slot) continue;
    if (Number(r.first) === 1) {
      slot.firstMs = r.bucket_start === null ? null : instantMs(r.bucket_start);
      continue;
    }
    if (r.bucket_start === null) continue;
    const startMs = instantMs(r.bucket_start);
    slot.buckets.push({
      startMs,
      good: Number(r.good),
      total: Number(r.total),
      observations: Number(r.observations),
      worst: r.worst === null ? null : Number(r.worst),
    });
  }
  return out;
}

interface ObservationRow {
  sla_key: string;
  id: number;
  kind: string;
  subject: string;
  observed_at: Date | string;
  window_start: Date | string | null;
  value: number | null;
  good: number;
  total: number;
  detail: string | null;
}

/** Raw observations of `keys` observed in (fromMs, toMs], ascending: only ever the last few hours. */
export async function loadRecent(keys: readonly string[], fromMs: number, toMs: number): Promise<Map<string, StoredObservation[]>> {
  const out = new Map<string, StoredObservation[]>();
  for (const k of keys) out.set(k, []);
  if (keys.length === 0) return out;
  const sql = dialectSql(
    `SELECT "sla_key", "id", "kind", "subject", "observed_at", "window_start", "value", "good", "total", "detail" FROM "sla_observations" ` +
      `WHERE "sla_key" IN (${keys.map(() => "?").join(", ")}) AND "observed_at" > ?::timestamptz AND "observed_at" <= ?::timestamptz ORDER BY "observed_at", "id"`,
  );
  const rows = await rawRead<ObservationRow>(stmtName(sql.pg), sql, [...keys, time(new Date(fromMs)), time(new Date(toMs))]);
  for (const r of rows) out.get(r.sla_key)?.push(rowToObservation(r.sla_key, r));
  return out;
}

/** The latest observed_at of each key at or before `atMs`: one index probe per key, one query. */
export async function loadLastObserved(keys: readonly string[], atMs: number): Promise<Map<string, Date | null>> {
  const out = new Map<string, Date | null>();
  if (keys.length === 0) return out;
  const sql = dialectSql(
    keys
      .map(
        () =>
          `SELECT ?::text AS "sla_key", (SELECT MAX("observed_at") FROM "sla_observations" WHERE "sla_key" = ? AND "observed_at" <= ?::timestamptz) AS "last"`,
      )
      .join(" UNION ALL "),
  );
  const at = time(new Date(atMs));
  const rows = await rawRead<{ sla_key: string; last: Date | string | null }>(
    stmtName(sql.pg),
    sql,
    keys.flatMap((k) => [k, k, at]),
  );
  for (const r of rows) out.set(r.sla_key, r.last === null ? null : toDate(r.last));
  return out;
}

/** Raw observations judged and counted under one version, for burn rates and latest values. */
export function judgeRecent(def: SlaDefinitionView, obs: readonly StoredObservation[]): RecentPoint[] {
  const out: RecentPoint[] = [];
  for (const o of obs) {
    if (o.kind !== def.sliKind) continue;
    const j = judge(def, o);
    const c = countAs(def.budgeting, j);
    out.push({ atMs: o.observedAt.getTime(), good: c.good, total: c.total, value: j.value });
  }
  return out;
}
