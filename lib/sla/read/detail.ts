// One SLA's detail: its tile under the asked version, attainment under every version over the same 7 and 30 days
// (an edit shows old and new side by side), the chart of a range and its breaches. Rollups in one query, raw for 6 h.
import { now } from "@/lib/core/clock";
import { DAY_MS, HOUR_MS, evaluateTile } from "../math/evaluate";
import { RANGE_HOURS, seriesFor } from "../math/series";
import type { SlaDetailView, SlaRange } from "../views";
import { slaDefinitionVersions } from "@/lib/sla/definitions/read-definitions";
import { judgeRecent, loadLastObserved, loadRecent, loadRollups } from "./load";

export async function slaDetail(key: string, opts: { range: SlaRange; version?: number; at?: Date }): Promise<SlaDetailView | null> {
  const at = opts.at ?? now();
  const atMs = at.getTime();
  const versions = await slaDefinitionVersions(key);
  if (versions.length === 0) return null;
  const def = opts.version === undefined ? (versions.find((v) => v.current) ?? versions[0]) : versions.find((v) => v.version === opts.version);
  if (!def) return null;
  const spanDays = Math.max(RANGE_HOURS[opts.range] / 24, 31, ...versions.map((v) => v.windowDays)) + 2;
  const [rollups, recent, last] = await Promise.all([
    loadRollups(versions, atMs - spanDays * DAY_MS),
    loadRecent([key], atMs - 6 * HOUR_MS, atMs),
    loadLastObserved([key], atMs),
  ]);
  const raw = recent.get(key) ?? [];
  const tileOf = (v: (typeof versions)[number]) => {
    const r = rollups.get(v.ref) ?? { buckets: [], firstMs: null };
    return {
      r,
      tile: evaluateTile({ def: v, buckets: r.buckets, firstMs: r.firstMs, recent: judgeRecent(v, raw), lastObservedAt: last.get(key) ?? null, at }),
    };
  };
  const mine = tileOf(def);
  const { from, to, series, breaches } = seriesFor(def, mine.r.buckets, mine.r.firstMs, at, opts.range);
  return {
    def,
    versions,
    tile: mine.tile,
    byVersion: versions.map((v) => {
      const t = v.version === def.version ? mine.tile : tileOf(v).tile;
      return { ref: v.ref, version: v.version, attainment7d: t.attainment7d, attainment30d: t.attainment30d, status: t.status };
    }),
    range: { key: opts.range, from, to },
    series,
    breaches,
  };
}
