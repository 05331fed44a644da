// The detail page's chart and breach list for a range: hour points up to 7 days, local-day points beyond; breaches
// are merged runs of bad points with a worded reason. Pure.
import type { BreachView, SeriesPoint, SlaRange } from "../views";
import type { SlaDefinitionView } from "../types";
import { localDay, startOfLocalDay } from "./daily-close";
import { DAY_MS, HOUR_MS, dayVerdicts, type HourBucket } from "./evaluate";
import { formatRatio, formatValue } from "./format";
import { hasValue, tidy } from "./thresholds";

export const RANGE_HOURS: Record<SlaRange, number> = { "24h": 24, "7d": 168, "30d": 720, "90d": 2160 };

export function seriesFor(
  def: SlaDefinitionView,
  buckets: readonly HourBucket[],
  firstMs: number | null,
  at: Date,
  range: SlaRange,
): { from: string; to: string; series: SeriesPoint[]; breaches: BreachView[] } {
  const atMs = at.getTime();
  const hours = RANGE_HOURS[range];
  const fromMs = atMs - hours * HOUR_MS;
  const perDay = def.budgeting === "daily" || def.sliKind === "spend";
  const verdicts = dayVerdicts({ def, buckets: [...buckets], firstMs, at }, localDay(fromMs - DAY_MS, def.timeZone), localDay(at, def.timeZone));
  const verdictOf = new Map(verdicts.map((v) => [v.day, v]));
  const series: SeriesPoint[] = [];
  if (hours <= 168) {
    const byStart = new Map(buckets.map((b) => [b.startMs, b]));
    for (let t = Math.floor(fromMs / HOUR_MS) * HOUR_MS + HOUR_MS; t <= atMs; t += HOUR_MS) {
      const b = byStart.get(t);
      const good = b?.good ?? 0;
      const total = b?.total ?? 0;
      const attainment = total > 0 ? good / total : null;
      const breach = perDay
        ? verdictOf.get(localDay(t, def.timeZone))?.status === "breach"
        : total > 0 && (def.budgeting === "invariant" ? tidy(total - good) > 0 : tidy(good / total) < def.target);
      series.push({ t: new Date(t).toISOString(), good, total, attainment, worst: b?.worst ?? null, breach });
    }
  } else {
    const first = localDay(fromMs, def.timeZone);
    for (const v of verdicts) {
      if (v.day < first) continue;
      const good = perDay ? v.total - v.bad : v.good;
      const total = v.total;
      series.push({
        t: startOfLocalDay(v.day, def.timeZone).toISOString(),
        good,
        total,
        attainment: total > 0 ? good / total : null,
        worst: def.sliKind === "spend" ? (v.mtd ?? null) : v.worst,
        breach: v.status === "breach",
      });
    }
  }
  return { from: new Date(fromMs).toISOString(), to: at.toISOString(), series, breaches: mergeBreaches(def, series, hours <= 168) };
}

function mergeBreaches(def: SlaDefinitionView, series: SeriesPoint[], hourly: boolean): BreachView[] {
  const out: BreachView[] = [];
  const step = hourly ? HOUR_MS : DAY_MS;
  let run: SeriesPoint[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const bad = tidy(run.reduce((s, p) => s + (p.total - p.good), 0));
    const total = run.reduce((s, p) => s + p.total, 0);
    const worst = run.reduce<number | null>((w, p) => (p.worst === null ? w : w === null ? p.worst : Math.max(w, p.worst)), null);
    const endMs = new Date(run[run.length - 1].t).getTime() + step;
    out.push({ from: run[0].t, to: new Date(endMs).toISOString(), reason: reasonFor(def, bad, total, worst, run), worst });
    run = [];
  };
  for (const p of series) {
    if (p.breach) run.push(p);
    else flush();
  }
  flush();
  return out;
}

function reasonFor(def: SlaDefinitionView, bad: number, total: number, worst: number | null, run: SeriesPoint[]): string {
  const worstText = worst !== null && hasValue(def.sliKind) ? `; worst ${formatValue(def.unit, worst)}` : "";
  if (def.sliKind === "spend") return `Month-to-date spend over the ${formatValue(def.unit, def.threshold)} budget${worstText}`;
  if (def.sliKind === "daily_close") {
    const days = run.filter((p, i) => i === 0 || p.t.slice(0, 10) !== run[i - 1].t.slice(0, 10)).length;
    return `Finance close missed the ${formatValue("local_time", def.threshold ?? 0)} ${def.timeZone} deadline (${bad} bad day${bad === 1 ? "" : "s"} of ${total || days})${worst !== null ? `; latest close ${formatValue("local_time", worst)}` : ""}`;
  }
  if (def.sliKind === "event_counts") return `${bad.toLocaleString("en-US")} events lost or duplicated of ${total.toLocaleString("en-US")}`;
  if (def.sliKind === "pii_logged")
    return `${bad.toLocaleString("en-US")} restricted reads without a ledger entry of ${total.toLocaleString("en-US")}`;
  const attainment = total > 0 ? (total - bad) / total : null;
  return `${bad.toLocaleString("en-US")} bad of ${total.toLocaleString("en-US")} (${formatRatio(attainment)}, target ${formatRatio(def.target)})${worstText}`;
}
