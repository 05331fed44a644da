// The demo's SLA history (issue 10, decision 036): 90 days of realistic observations for the seed's ingest SLAs,
// written through insertObservations in big batches, with a few breaches that are mostly old, so the dashboard is
// mostly green and shows what amber and red look like. Deterministic for a seed: every value comes from a hash of
// (seed, series, instant), not from a running generator, so a later run that only fills the gap up to now writes
// the same figures the full run would have, and item ids repeat exactly (re-seeding writes duplicates, not rows).
import { DateTime } from "luxon";
import { now } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
// STAND-IN until the ingest slice lands; the lead swaps this import at merge.
import { insertObservations, type NewObservation } from "@/lib/sla/ingest/insert-observations";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BATCH = 20_000;
export const DEMO_SOURCE = "demo";

export const FRESHNESS_TABLES = ["ops_silver.bookings", "ops_silver.booking_legs"] as const;
export const PIPELINES = [
  "bookings_silver",
  "legs_silver",
  "payouts_silver",
  "people_silver",
  "events_bronze",
  "finance_gold",
  "bi_marts",
  "search_index",
] as const;
export const STREAMS = ["booking_events", "payment_events", "access_events"] as const;
export const CORE_TILES = ["bookings_overview", "payouts_daily", "gmv_by_region"] as const;
export const DQ_CHECKS = ["bookings.schema", "legs.schema", "payouts.schema", "people.schema"] as const;
const CLOSE_ZONE = "America/New_York";
const LATENCY_BOUNDS = [250, 500, 1000, 2000, 3000, 4000, 5000, 8000, 15000] as const;

export interface HistoryOptions {
  days?: number;
  until?: Date;
  seed?: number;
}

export interface HistoryResult {
  from: string;
  until: string;
  inserted: number;
  duplicates: number;
  byKey: Record<string, number>;
  ms: number;
}

/** A uniform number in [0, 1) from (seed, series, n): FNV-1a over the text, then a 32-bit finaliser. */
function rand(seed: number, series: string, n: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < series.length; i++) h = Math.imul(h ^ series.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (n | 0), 16777619);
  h = Math.imul(h ^ Math.floor(n / 4294967296), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export async function generateSlaHistory(opts: HistoryOptions = {}): Promise<HistoryResult> {
  const started = Date.now();
  const days = opts.days ?? 90;
  const seed = opts.seed ?? 42;
  const until = new Date(Math.floor((opts.until ?? now()).getTime() / MIN) * MIN);
  // Incidents are placed in days before `until` (whole UTC days), so the same demo shows the same story.
  const dayStart = (daysAgo: number) => Math.floor(until.getTime() / DAY) * DAY - daysAgo * DAY;
  // Only what is missing: a second seed continues from the newest demo observation.
  const last = await getDb().slaObservation.findFirst({
    where: { source: DEMO_SOURCE },
    orderBy: { observedAt: "desc" },
    select: { observedAt: true },
  });
  // Every series is generated over the whole range (cheap) and only observations newer than what is stored are
  // written, so a window left out last time because it had not ended yet is written now, exactly once.
  const since = last ? last.observedAt.getTime() : -Infinity;
  const from = new Date(until.getTime() - days * DAY);
  const result: HistoryResult = { from: from.toISOString(), until: until.toISOString(), inserted: 0, duplicates: 0, byKey: {}, ms: 0 };

  let buffer: NewObservation[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const r = await insertObservations(buffer, { source: DEMO_SOURCE });
    result.inserted += r.inserted;
    result.duplicates += r.duplicates;
    buffer = [];
  };
  const push = async (o: NewObservation) => {
    // Nothing in the future (the ingest refuses it too), nothing already stored.
    if (o.observedAt.getTime() > t1 || o.observedAt.getTime() <= since) return;
    buffer.push(o);
    result.byKey[o.slaKey] = (result.byKey[o.slaKey] ?? 0) + 1;
    if (buffer.length >= BATCH) await flush();
  };
  const t0 = from.getTime();
  const t1 = until.getTime();
  const firstAt = (step: number) => Math.ceil(t0 / step) * step;

  // Ops Silver freshness: a sample per table per minute; loads every 5 minutes make the lag a sawtooth. One stalled
  // load 25 days ago (3 hours, lag up to 40 min), and a slow spell yesterday afternoon above the warn level.
  const stall = dayStart(25) + 9 * HOUR;
  const slow = dayStart(1) + 15 * HOUR;
  // Minute samples for the last week (what the 24-hour and 7-day charts show); every 5 minutes before that, which
  // keeps the seed quick and the 30/90-day figures the same in shape.
  const dense = t1 - 7 * DAY;
  for (let t = firstAt(MIN); t < t1; t += MIN) {
    const minute = t / MIN;
    if (t < dense && minute % 5 !== 2) continue;
    for (const table of FRESHNESS_TABLES) {
      let lag = 60 + (minute % 5) * 60 + Math.floor(rand(seed, table, minute) * 90);
      if (table === FRESHNESS_TABLES[0] && t >= stall && t < stall + 3 * HOUR) lag = Math.max(lag, Math.min(2_400, (t - stall) / 1000 + 300));
      if (table === FRESHNESS_TABLES[1] && t >= slow && t < slow + 40 * MIN) lag += 420;
      await push({
        slaKey: "ops.silver_freshness",
        itemId: `demo:${table}:${new Date(t).toISOString()}`,
        kind: "freshness",
        subject: table,
        observedAt: new Date(t),
        windowStart: null,
        value: lag,
        good: 0,
        total: 1,
        detail: null,
      });
    }
  }

  // Pipeline runs: each pipeline every 8 minutes (about one run a minute in all). Failures are rare (under one a
  // day); one bad day 60 days ago (a broken deploy: 14 failures in 2 hours) breaches 99.9% daily.
  const badDay = dayStart(60) + 13 * HOUR;
  for (let t = firstAt(MIN); t < t1; t += MIN) {
    const minute = t / MIN;
    const p = PIPELINES[minute % PIPELINES.length];
    if (minute % 8 !== PIPELINES.indexOf(p) % 8) continue;
    const r = rand(seed, p, minute);
    const broken = t >= badDay && t < badDay + 2 * HOUR && r < 0.12;
    // About one failure a week elsewhere: two on one day would breach it.
    const failed = broken || r < 0.0001;
    const duration = 40 + Math.floor(rand(seed, `${p}:d`, minute) * 200);
    await push({
      slaKey: "platform.pipeline_success",
      itemId: `demo:${p}:${new Date(t).toISOString()}`,
      kind: "pipeline_run",
      subject: p,
      observedAt: new Date(t),
      windowStart: new Date(t - duration * 1000),
      value: duration,
      good: failed ? 0 : 1,
      total: 1,
      detail: { run_id: `run_${p}_${minute}` },
    });
  }

  // Finance Gold closes and their reconciliation: one per business day in New York, closed between 04:30 and 05:45
  // local (luxon keeps the wall clock right across DST), one late close (06:40) 70 days ago; variance mostly under
  // 0.3%, one close at 0.82% 50 days ago.
  let day = DateTime.fromMillis(t0, { zone: CLOSE_ZONE }).startOf("day");
  const end = DateTime.fromMillis(t1, { zone: CLOSE_ZONE });
  const lateDate = DateTime.fromMillis(dayStart(70), { zone: CLOSE_ZONE }).toISODate();
  const varianceDate = DateTime.fromMillis(dayStart(50), { zone: CLOSE_ZONE }).toISODate();
  for (; day < end; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    const n = Math.floor(day.toMillis() / DAY);
    let minutes = 270 + Math.floor(rand(seed, "close", n) * 50) + (rand(seed, "close-tail", n) < 0.05 ? 25 : 0);
    if (date === lateDate) minutes = 400;
    const closedAt = day.plus({ minutes });
    if (closedAt.toMillis() < t0 || closedAt > end) continue;
    await push({
      slaKey: "finance.gold_close",
      itemId: `demo:close:${date}`,
      kind: "daily_close",
      subject: "finance_gold",
      observedAt: closedAt.toJSDate(),
      windowStart: null,
      value: null,
      good: 0,
      total: 1,
      detail: { business_date: date },
    });
    const reconciledAt = closedAt.plus({ minutes: 12 });
    if (reconciledAt > end) continue;
    const variance = date === varianceDate ? 0.82 : Math.round(rand(seed, "variance", n) ** 2 * 0.28 * 1000) / 1000;
    await push({
      slaKey: "finance.reconciliation_variance",
      itemId: `demo:recon:${date}`,
      kind: "reconciliation",
      subject: "finance_gold_ledger",
      observedAt: reconciledAt.toJSDate(),
      windowStart: null,
      value: variance,
      good: 0,
      total: 1,
      detail: { business_date: date },
    });
  }

  // Hourly: schema DQ checks (three failures in 90 days, two of them 75 days ago), event counts per stream (one
  // loss incident 12 days ago: 37 events never loaded), the BI tile catalog scan (one tile without a key@version
  // for a day, 40 days ago).
  const dqFailures = new Map<number, string>([
    [dayStart(75) + 3 * HOUR, DQ_CHECKS[0]],
    [dayStart(75) + 4 * HOUR, DQ_CHECKS[1]],
    [dayStart(20) + 11 * HOUR, DQ_CHECKS[2]],
  ]);
  const loss = dayStart(12) + 17 * HOUR;
  const missingRef = dayStart(40);
  for (let t = firstAt(HOUR); t < t1; t += HOUR) {
    const hour = t / HOUR;
    const iso = new Date(t).toISOString();
    for (const check of DQ_CHECKS) {
      const failed = dqFailures.get(t) === check;
      await push({
        slaKey: "platform.schema_dq",
        itemId: `demo:${check}:${iso}`,
        kind: "dq_check",
        subject: check,
        observedAt: new Date(t),
        windowStart: null,
        value: null,
        good: failed ? 0 : 1,
        total: 1,
        detail: { run_id: `dq_${check}_${hour}` },
      });
    }
    for (const stream of STREAMS) {
      // A daily rhythm: busier in the US afternoon.
      const base = 800 + 1_200 * Math.max(0, Math.sin(((new Date(t).getUTCHours() - 12) / 24) * 2 * Math.PI));
      const source = Math.round(base * (0.85 + rand(seed, stream, hour) * 0.3));
      const sink = t === loss && stream === STREAMS[1] ? source - 37 : source;
      await push({
        slaKey: "platform.event_loss",
        itemId: `demo:${stream}:${iso}`,
        kind: "event_counts",
        subject: stream,
        observedAt: new Date(t + HOUR),
        windowStart: new Date(t),
        value: source - sink,
        good: Math.min(sink, source),
        total: source,
        detail: { source_count: source, sink_count: sink },
      });
    }
    const tiles = 24;
    const referencing = t >= missingRef && t < missingRef + DAY ? tiles - 1 : tiles;
    await push({
      slaKey: "bi.tile_catalog_refs",
      itemId: `demo:scan:${iso}`,
      kind: "tile_refs",
      subject: "bi_core_dashboards",
      observedAt: new Date(t),
      windowStart: null,
      value: null,
      good: referencing,
      total: tiles,
      detail: null,
    });
  }

  // BI latency: a histogram per core tile per 5 minutes (p95 around 1.5–3 s), one slow spell 9 days ago (90 minutes
  // of p95 over 5 s on one tile, a warehouse queue).
  const slowSpell = dayStart(9) + 14 * HOUR;
  for (let t = firstAt(5 * MIN); t < t1; t += 5 * MIN) {
    const slot = t / (5 * MIN);
    for (const tile of CORE_TILES) {
      const queries = 20 + Math.floor(rand(seed, tile, slot) * 100);
      const slowNow = tile === CORE_TILES[2] && t >= slowSpell && t < slowSpell + 90 * MIN;
      const scale = (slowNow ? 3.2 : 1) * (0.8 + rand(seed, `${tile}:s`, slot) * 0.5);
      const buckets = histogram(queries, scale, (i) => rand(seed, `${tile}:q${i}`, slot));
      await push({
        slaKey: "bi.core_tile_p95",
        itemId: `demo:${tile}:${new Date(t).toISOString()}`,
        kind: "bi_latency",
        subject: tile,
        observedAt: new Date(t + 5 * MIN),
        windowStart: new Date(t),
        value: p95(buckets),
        good: 0,
        total: 1,
        detail: { buckets },
      });
    }
  }

  // Warehouse spend per UTC day, about $1,400 a day: this month ends a little over the warn level, under budget.
  // Whole UTC days only: a day's figure is final when written.
  for (let t = Math.ceil(t0 / DAY) * DAY; t + DAY <= t1; t += DAY) {
    const d = t / DAY;
    const weekday = new Date(t).getUTCDay();
    const amount = Math.round((weekday === 0 || weekday === 6 ? 105_000 : 158_000) * (0.92 + rand(seed, "spend", d) * 0.16));
    await push({
      slaKey: "finance.warehouse_cost",
      itemId: `demo:spend:${new Date(t).toISOString().slice(0, 10)}`,
      kind: "spend",
      subject: "warehouse",
      observedAt: new Date(t + DAY - 1),
      windowStart: new Date(t),
      value: amount,
      good: 0,
      total: 1,
      detail: { day: new Date(t).toISOString().slice(0, 10), currency: "USD" },
    });
  }

  await flush();
  return { ...result, ms: Date.now() - started };
}

/**
 * Per-bucket counts (not cumulative, +Inf as null) of `n` latencies, log-normal around 900 ms × scale: the expected
 * share of each bucket from the distribution (cheaper than drawing every query), rounded with a little jitter.
 */
function histogram(n: number, scale: number, u: (i: number) => number): Array<{ le_ms: number | null; count: number }> {
  const median = 900 * scale;
  const cdf = (ms: number) => normalCdf(Math.log(ms / median) / 0.55);
  const counts: number[] = [];
  let below = 0;
  for (const le of [...LATENCY_BOUNDS, Infinity]) {
    const upTo = le === Infinity ? 1 : cdf(le);
    counts.push(Math.max(0, Math.round(n * (upTo - below) + (u(counts.length) - 0.5) * 0.8)));
    below = upTo;
  }
  // The rounding's remainder goes to the fullest bucket, never to the tail.
  const fullest = counts.indexOf(Math.max(...counts));
  counts[fullest] = Math.max(0, counts[fullest] + n - counts.reduce((x, y) => x + y, 0));
  return counts.map((count, i) => ({ le_ms: i < LATENCY_BOUNDS.length ? LATENCY_BOUNDS[i] : null, count }));
}

/** Φ(z) by Abramowitz–Stegun 26.2.17 (error < 7.5e-8), plenty for demo data. */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - p : p;
}

/** p95 with linear interpolation inside the bucket (Prometheus's histogram_quantile), as the judge computes it. */
function p95(buckets: ReadonlyArray<{ le_ms: number | null; count: number }>): number | null {
  const total = buckets.reduce((s, b) => s + b.count, 0);
  if (total === 0) return null;
  const rank = 0.95 * total;
  let cum = 0;
  let lower = 0;
  for (const b of buckets) {
    if (b.le_ms === null) return lower;
    if (b.count > 0 && cum + b.count >= rank) return Math.round(lower + (b.le_ms - lower) * ((rank - cum) / b.count));
    cum += b.count;
    lower = b.le_ms;
  }
  return lower;
}
