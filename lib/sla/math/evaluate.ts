// Attainment, error budget, burn rates, status and the day verdicts of one definition version, from its hourly
// rollups (counted under the version's method) and its raw observations of the last hours. Pure: no database.
import type { BudgetView, BurnRateView, SparkPoint, SlaTileView, TimelineCell } from "../views";
import { BURN_WINDOWS, type SlaDefinitionView, type SlaStatus } from "../types";
import { localDay, localDays, localDeadline, localMonth } from "./daily-close";
import { formatRatio, formatValue, targetText } from "./format";
import { combineWorst, hasValue, pastWarn, tidy } from "./thresholds";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** One UTC hour of a version's rollup. */
export interface HourBucket {
  startMs: number;
  good: number;
  total: number;
  observations: number;
  worst: number | null;
}

/** A raw observation of the last hours, judged and counted under the version. */
export interface RecentPoint {
  atMs: number;
  good: number;
  total: number;
  value: number | null;
}

export interface EvalInput {
  def: SlaDefinitionView;
  /** Ascending; at least the trailing max(windowDays, 30, the month so far) days. */
  buckets: HourBucket[];
  /** The version's first bucket ever (for daily_close: its first business date), null with none. */
  firstMs: number | null;
  /** Raw observations of the last 6 hours (burn rates 1 h and 6 h, the latest value). */
  recent: RecentPoint[];
  lastObservedAt: Date | null;
  at: Date;
}

export interface DayVerdict extends TimelineCell {
  good: number;
  observations: number;
  worst: number | null;
  attainment: number | null;
  /** Month-to-date spend at the end of the day (spend only). */
  mtd?: number;
}

const isSpend = (def: SlaDefinitionView) => def.sliKind === "spend";
/** Methods whose verdict is per day: daily pass/fail, and spend (month to date at each day's end). */
const byDay = (def: SlaDefinitionView) => def.budgeting === "daily" || isSpend(def);

/**
 * Verdicts for the local days `fromDay`..`toDay` (the SLA's zone). A day is judged by its method: occurrences and
 * timeslices fail the target that day; daily fails on any bad observation, and for daily_close on a deadline that
 * passed with no close at all (from the first business date ever observed, so pre-history is not a miss);
 * invariants fail on any bad; spend fails when the month to date at the day's end is over the budget.
 */
export function dayVerdicts(input: Pick<EvalInput, "def" | "buckets" | "firstMs" | "at">, fromDay: string, toDay: string): DayVerdict[] {
  const { def, buckets, at } = input;
  // Spend needs the month's earlier days for its running sum.
  const start = isSpend(def) ? `${fromDay.slice(0, 7)}-01` : fromDay;
  const days = localDays(start, toDay, def.timeZone);
  const out: DayVerdict[] = [];
  let i = 0;
  while (i < buckets.length && days.length > 0 && buckets[i].startMs < days[0].startMs) i++;
  const firstDay = input.firstMs === null ? null : localDay(input.firstMs, def.timeZone);
  // A deadline lies within threshold minutes of local midnight, give or take a DST hour: zone maths only near `at`.
  const deadlinePassed = (startMs: number, day: string) =>
    startMs + ((def.threshold ?? 0) + 120) * 60_000 <= at.getTime() ||
    (startMs + ((def.threshold ?? 0) - 120) * 60_000 <= at.getTime() &&
      localDeadline(day, def.threshold ?? 0, def.timeZone).getTime() <= at.getTime());
  let mtd = 0;
  let month = "";
  let monthSeen = false;
  for (const d of days) {
    let good = 0;
    let total = 0;
    let observations = 0;
    let worst: number | null = null;
    for (; i < buckets.length && buckets[i].startMs < d.endMs; i++) {
      const b = buckets[i];
      good += b.good;
      total += b.total;
      observations += b.observations;
      worst = combineWorst(def.sliKind, worst, b.worst);
    }
    const v: DayVerdict = { day: d.day, status: "no_data", bad: 0, total: 0, good, observations, worst, attainment: total > 0 ? good / total : null };
    if (isSpend(def)) {
      if (d.day.slice(0, 7) !== month) {
        month = d.day.slice(0, 7);
        mtd = 0;
        monthSeen = false;
      }
      mtd += worst ?? 0;
      monthSeen ||= observations > 0;
      v.mtd = mtd;
      if (monthSeen) {
        const over = def.threshold !== null && tidy(mtd) > def.threshold;
        v.status = over ? "breach" : pastWarn(def, mtd) ? "warn" : "ok";
        v.bad = over ? 1 : 0;
        v.total = 1;
        v.attainment = over ? 0 : 1;
      }
    } else if (def.budgeting === "daily") {
      const missed =
        def.sliKind === "daily_close" && observations === 0 && firstDay !== null && d.day >= firstDay && deadlinePassed(d.startMs, d.day);
      if (missed || observations > 0) {
        const bad = missed || good < total;
        v.status = bad ? "breach" : "ok";
        v.bad = bad ? 1 : 0;
        v.total = 1;
        v.attainment = bad ? 0 : 1;
      }
    } else if (total > 0) {
      const bad = tidy(total - good);
      v.bad = bad;
      v.total = total;
      if (def.budgeting === "invariant") v.status = bad > 0 ? "breach" : "ok";
      else v.status = tidy(good / total) < def.target ? "breach" : bad > 0 ? "warn" : "ok";
    }
    if (d.day >= fromDay) out.push(v);
  }
  return out;
}

function sumSince(buckets: HourBucket[], fromMs: number, toMs: number) {
  let good = 0;
  let total = 0;
  let observations = 0;
  let i = buckets.length;
  // Buckets ascend: walk back from the newest.
  while (i > 0 && buckets[i - 1].startMs >= fromMs) i--;
  for (; i < buckets.length && buckets[i].startMs <= toMs; i++) {
    good += buckets[i].good;
    total += buckets[i].total;
    observations += buckets[i].observations;
  }
  return { good, total, observations };
}

export function burnRate(bad: number, total: number, target: number): number | null {
  if (total <= 0 || target >= 1) return null;
  return tidy(bad / total / (1 - target));
}

export function budgetFrom(allowedRaw: number, used: number, windowLabel: string): BudgetView {
  const allowed = tidy(allowedRaw);
  return {
    windowLabel,
    allowed,
    used: tidy(used),
    remainingRatio: allowed > 0 ? tidy(1 - used / allowed) : null,
    failuresLeft: Math.max(0, Math.floor(tidy(allowed - used))),
  };
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** The tile of one version at `at`. */
export function evaluateTile(input: EvalInput): SlaTileView {
  const { def, buckets, recent, at } = input;
  const atMs = at.getTime();
  const today = localDay(at, def.timeZone);
  const dayOf = (n: number) => localDay(atMs - n * DAY_MS, def.timeZone);
  const spanDays = Math.max(def.windowDays, 30);
  const verdicts = dayVerdicts(input, dayOf(spanDays - 1), today);
  const lastDays = (n: number) => verdicts.slice(Math.max(0, verdicts.length - n));
  const dayAttainment = (n: number) => {
    const ds = lastDays(n).filter((d) => d.total > 0);
    return ds.length ? ds.filter((d) => d.bad === 0).length / ds.length : null;
  };
  const eventAttainment = (n: number) => {
    const s = sumSince(buckets, atMs - n * DAY_MS, atMs);
    return s.total > 0 ? s.good / s.total : null;
  };
  const attainment = (n: number) => (byDay(def) ? dayAttainment(n) : eventAttainment(n));

  const windowLabel = def.windowDays === 1 ? "1 day" : `${def.windowDays} days`;
  const win = sumSince(buckets, atMs - def.windowDays * DAY_MS, atMs);
  const winDays = lastDays(def.windowDays);
  const observedInWindow = byDay(def) ? winDays.some((d) => d.total > 0) : win.observations > 0;

  // Burn rates: occurrences and timeslices only; 1 h and 6 h exact from raw, 3 d from whole rollup hours.
  const burn: BurnRateView[] = [];
  if (!isSpend(def) && (def.budgeting === "occurrences" || def.budgeting === "timeslices")) {
    for (const w of BURN_WINDOWS) {
      let bad = 0;
      let total = 0;
      if (w.hours <= 6) {
        for (const p of recent) {
          if (p.atMs > atMs - w.hours * HOUR_MS && p.atMs <= atMs) {
            bad += p.total - p.good;
            total += p.total;
          }
        }
      } else {
        const s = sumSince(buckets, atMs - w.hours * HOUR_MS, atMs);
        bad = s.total - s.good;
        total = s.total;
      }
      const rate = burnRate(bad, total, def.target);
      burn.push({ window: w.key, rate, alerting: rate !== null && w.alertAt !== null && rate >= w.alertAt });
    }
  }

  let budget: BudgetView | null = null;
  let current: { value: number | null; text: string };
  let status: SlaStatus;
  let statusReason: string;
  const latestValue = () => {
    for (let k = recent.length - 1; k >= 0; k--) if (recent[k].value !== null) return recent[k].value;
    for (let k = buckets.length - 1; k >= 0; k--) if (buckets[k].worst !== null && buckets[k].startMs <= atMs) return buckets[k].worst;
    return null;
  };

  if (isSpend(def)) {
    const month = localMonth(at, def.timeZone);
    const todayV = verdicts[verdicts.length - 1];
    const mtd = todayV?.mtd ?? 0;
    const elapsed = Math.max(atMs - month.startMs, HOUR_MS);
    const projected = (mtd * (month.endMs - month.startMs)) / elapsed;
    const cap = def.threshold;
    if (cap !== null) budget = budgetFrom(cap, mtd, `${month.label}, month to date`);
    current = {
      value: mtd,
      text: `${formatValue(def.unit, mtd)} month to date${cap !== null ? ` of ${formatValue(def.unit, cap)}` : ""}; projected ${formatValue(def.unit, projected)} by month end`,
    };
    const seen = verdicts.some((d) => d.day >= month.firstDay && d.observations > 0);
    if (!seen) [status, statusReason] = ["no_data", `No spend reported in ${month.label}`];
    else if (cap !== null && tidy(mtd) > cap)
      [status, statusReason] = ["breach", `${formatValue(def.unit, mtd)} spent in ${month.label}, over the ${formatValue(def.unit, cap)} budget`];
    else if (pastWarn(def, mtd))
      [status, statusReason] = [
        "warn",
        `${formatValue(def.unit, mtd)} spent in ${month.label}, past the warn level of ${formatValue(def.unit, def.warnThreshold)}`,
      ];
    else [status, statusReason] = ["ok", `${formatValue(def.unit, mtd)} of ${formatValue(def.unit, cap ?? 0)} spent in ${month.label}`];
  } else {
    let used: number;
    let allowed: number;
    let noun: string;
    if (def.budgeting === "daily") {
      const judged = winDays.filter((d) => d.total > 0);
      used = judged.filter((d) => d.bad > 0).length;
      allowed = (1 - def.target) * judged.length;
      noun = "bad day";
      budget = budgetFrom(allowed, used, windowLabel);
    } else {
      used = tidy(win.total - win.good);
      allowed = (1 - def.target) * win.total;
      noun = def.budgeting === "timeslices" ? "bad slice" : "failure";
      if (def.budgeting !== "invariant") budget = budgetFrom(allowed, used, windowLabel);
    }
    if (hasValue(def.sliKind) && def.sliKind !== "daily_close") {
      const v = latestValue();
      current = { value: v, text: formatValue(def.unit, v) };
    } else if (def.sliKind === "daily_close") {
      const last = [...verdicts].reverse().find((d) => d.observations > 0);
      current = last
        ? { value: last.worst, text: `closed ${formatValue("local_time", last.worst)} on ${last.day}` }
        : { value: null, text: "no close yet" };
      const missed = [...verdicts].reverse().find((d) => d.bad > 0 && d.observations === 0);
      if (missed && (!last || missed.day > last.day)) current = { ...current, text: `not closed on ${missed.day}` };
    } else {
      const a = win.total > 0 ? win.good / win.total : null;
      current = { value: a, text: formatRatio(a) };
    }
    const alerting = burn.find((b) => b.alerting);
    const allowedT = tidy(allowed);
    if (!observedInWindow) [status, statusReason] = ["no_data", `No observations in the last ${windowLabel}`];
    else if (def.budgeting === "invariant" ? used > 0 : used > allowedT)
      [status, statusReason] = [
        "breach",
        def.budgeting === "invariant"
          ? `${plural(used, noun)} in the last ${windowLabel}; none allowed`
          : `${plural(used, noun)} in the last ${windowLabel}; ${allowedT.toLocaleString("en-US", { maximumFractionDigits: 2 })} allowed`,
      ];
    else if (budget?.remainingRatio !== null && budget !== null && budget.remainingRatio < 0.25)
      [status, statusReason] = [
        "warn",
        `${formatRatio(Math.max(0, budget.remainingRatio))} of the error budget left (${plural(used, noun)} of ${allowedT.toLocaleString("en-US", { maximumFractionDigits: 2 })} allowed)`,
      ];
    else if (alerting) [status, statusReason] = ["warn", `Burning the budget at ${alerting.rate}× over ${alerting.window}`];
    else if (pastWarn(def, current.value))
      [status, statusReason] = ["warn", `${current.text} is past the warn level of ${formatValue(def.unit, def.warnThreshold)}`];
    else
      [status, statusReason] = [
        "ok",
        budget
          ? `${plural(used, noun)} in the last ${windowLabel}; ${budget.failuresLeft.toLocaleString("en-US")} more allowed`
          : `No violation in the last ${windowLabel}`,
      ];
  }

  const sparkline: SparkPoint[] = lastDays(30).map((d) => ({ day: d.day, attainment: d.attainment, breach: d.status === "breach" }));
  return {
    def,
    method: def.budgeting,
    status,
    statusReason,
    current,
    targetText: targetText(def),
    attainment7d: attainment(7),
    attainment30d: attainment(30),
    budget,
    burn,
    sparkline,
    lastObservedAt: input.lastObservedAt ? input.lastObservedAt.toISOString() : null,
  };
}
