// The SLA dashboard's read model: a tile per current definition and the breach timeline of the last 90 days. Reads
// the rollups of every current version in one query, raw observations of the last 6 hours only.
import { rawRead } from "@/lib/catalog/raw-query";
import { now } from "@/lib/core/clock";
import { DAY_MS, HOUR_MS, dayVerdicts, evaluateTile } from "../math/evaluate";
import { localDay } from "../math/daily-close";
import type { BreachTimeline, SlaTileView } from "../views";
import { currentSlaDefinitions } from "@/lib/sla/definitions/read-definitions";
import { judgeRecent, loadLastObserved, loadRecent, loadRollups } from "./load";

export const TIMELINE_DAYS = 90;
const RECENT_HOURS = 6;

export async function slaDashboard(opts: { at?: Date } = {}): Promise<{ tiles: SlaTileView[]; timeline: BreachTimeline }> {
  const at = opts.at ?? now();
  const atMs = at.getTime();
  const defs = await currentSlaDefinitions();
  const keys = defs.map((d) => d.key);
  // Enough for the timeline, every window and a month to date; two days of margin for local days in other zones.
  const spanDays = Math.max(TIMELINE_DAYS, 31, ...defs.map((d) => d.windowDays)) + 2;
  const [rollups, recent, last] = await Promise.all([
    loadRollups(defs, atMs - spanDays * DAY_MS),
    loadRecent(keys, atMs - RECENT_HOURS * HOUR_MS, atMs),
    loadLastObserved(keys, atMs),
  ]);
  const days: string[] = [];
  for (let i = TIMELINE_DAYS - 1; i >= 0; i--) days.push(localDay(atMs - i * DAY_MS, "UTC"));
  const tiles: SlaTileView[] = [];
  const rows: BreachTimeline["rows"] = [];
  for (const def of defs) {
    const r = rollups.get(def.ref) ?? { buckets: [], firstMs: null };
    const input = {
      def,
      buckets: r.buckets,
      firstMs: r.firstMs,
      recent: judgeRecent(def, recent.get(def.key) ?? []),
      lastObservedAt: last.get(def.key) ?? null,
      at,
    };
    tiles.push(evaluateTile(input));
    // Each SLA's own local days are laid onto the grid's UTC days by date.
    const verdicts = new Map(dayVerdicts(input, days[0], days[days.length - 1]).map((v) => [v.day, v]));
    rows.push({
      key: def.key,
      ref: def.ref,
      name: def.name,
      cells: days.map((day) => {
        const v = verdicts.get(day);
        return v ? { day, status: v.status, bad: v.bad, total: v.total } : { day, status: "no_data" as const, bad: 0, total: 0 };
      }),
    });
  }
  return { tiles, timeline: { days, rows } };
}

type Dashboard = Awaited<ReturnType<typeof slaDashboard>>;
const LIVE_REUSE_MS = 30_000;
let live: { version: string; atMs: number; value: Promise<Dashboard> } | null = null;

/**
 * The dashboard as of now, for the screens (the SLA page and the home panel). The figures are a pure function of the
 * definitions, the observations and the instant, so the last computation is served again while neither the newest
 * observation id nor the definitions changed and it is under 30 s old: one index probe instead of reading every
 * rollup again. Each instance keeps its own; the version check is against the database, so an ingest or an edit on
 * another instance is seen on the next request (DESIGN §3: memory is a cache a version check can throw away).
 */
export async function liveSlaDashboard(): Promise<Dashboard> {
  const at = now();
  const atMs = at.getTime();
  const version = await slaDataVersion();
  if (live && live.version === version && atMs >= live.atMs && atMs - live.atMs <= LIVE_REUSE_MS) return live.value;
  const value = slaDashboard({ at });
  live = { version, atMs, value };
  value.catch(() => {
    if (live?.value === value) live = null;
  });
  return value;
}

async function slaDataVersion(): Promise<string> {
  const sql = `SELECT (SELECT MAX("id") FROM "sla_observations") AS "o", (SELECT COUNT(*) FROM "sla_definitions") AS "d", (SELECT COUNT(*) FROM "sla_definitions" WHERE "current") AS "c"`;
  const [row] = await rawRead<{ o: number | string | null; d: number | string; c: number | string }>(
    "sla_data_version",
    { sqlite: sql, pg: sql },
    [],
  );
  return `${row?.o ?? 0}:${row?.d ?? 0}:${row?.c ?? 0}`;
}
