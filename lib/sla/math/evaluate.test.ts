import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, burnRate, dayVerdicts, evaluateTile, type HourBucket, type RecentPoint } from "./evaluate";
import { seriesFor } from "./series";
import { testDef } from "./test-helpers";

const AT = new Date("2026-11-29T12:00:00Z");
const atMs = AT.getTime();

/** `hours` hourly buckets ending at AT's hour, each `perHour` events; `bad(i)` bad in the i-th hour back (0 = newest). */
function hours(n: number, perHour: number, bad: (i: number) => number = () => 0, worst: number | null = null): HourBucket[] {
  const out: HourBucket[] = [];
  const top = Math.floor(atMs / HOUR_MS) * HOUR_MS - HOUR_MS;
  for (let i = n - 1; i >= 0; i--) out.push({ startMs: top - i * HOUR_MS, good: perHour - bad(i), total: perHour, observations: perHour, worst });
  return out;
}
const eventsIn = (n: number, bad: number, fromMsAgo: number, toMsAgo: number): RecentPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    atMs: atMs - toMsAgo - ((fromMsAgo - toMsAgo) * (i + 0.5)) / n,
    good: i < bad ? 0 : 1,
    total: 1,
    value: null,
  }));
const tile = (
  def: Parameters<typeof evaluateTile>[0]["def"],
  buckets: HourBucket[],
  recent: RecentPoint[] = [],
  firstMs: number | null = buckets[0]?.startMs ?? null,
) => evaluateTile({ def, buckets, firstMs, recent, lastObservedAt: null, at: AT });

const pipeline = testDef({ key: "platform.pipeline_success", sliKind: "pipeline_run", budgeting: "occurrences", target: 0.999, windowDays: 1 });

describe("occurrences (Σgood ÷ Σtotal over the window)", () => {
  it.each([
    // 2,400 runs in the day → 2.4 failures allowed.
    { bad: 1, status: "ok", left: 1, remaining: 1 - 1 / 2.4 },
    { bad: 2, status: "warn", left: 0, remaining: 1 - 2 / 2.4 },
    { bad: 3, status: "breach", left: 0, remaining: 1 - 3 / 2.4 },
  ])("$bad failed runs of 2,400 → $status", ({ bad, status, left, remaining }) => {
    const t = tile(
      pipeline,
      hours(24, 100, (i) => (i < bad ? 1 : 0)),
    );
    expect(t.status).toBe(status);
    expect(t.budget).toMatchObject({ windowLabel: "1 day", allowed: 2.4, used: bad, failuresLeft: left });
    expect(t.budget!.remainingRatio).toBeCloseTo(remaining, 9);
    expect(t.current.value).toBeCloseTo((2400 - bad) / 2400, 12);
  });

  it("target 90% of 10 allows exactly one failure despite 1 − 0.9 = 0.0999…", () => {
    const t = tile(
      testDef({ key: "k", sliKind: "purge_run", budgeting: "occurrences", target: 0.9, windowDays: 1 }),
      hours(1, 10, () => 1),
    );
    expect(t.budget).toMatchObject({ allowed: 1, used: 1, failuresLeft: 0 });
    expect(t.status).toBe("warn");
  });
});

describe("burn rates (error rate ÷ (1 − target)), hand-computed", () => {
  it("target 99.9%, 1,000 events in the last hour, 15 bad → 15× (alerting over 14.4×); 6 h 6,000 events → 2.5×", () => {
    const recent = [...eventsIn(1000, 15, HOUR_MS, 0), ...eventsIn(5000, 0, 6 * HOUR_MS, HOUR_MS)];
    // 3 d from rollups: 72 hours × 100, 36 bad → 36 / 7,200 / 0.001 = 5×.
    const t = tile(
      { ...pipeline, windowDays: 30 },
      hours(72, 100, (i) => (i % 2 ? 1 : 0)),
      recent,
    );
    expect(t.burn).toEqual([
      { window: "1h", rate: 15, alerting: true },
      { window: "6h", rate: 2.5, alerting: false },
      { window: "3d", rate: 5, alerting: false },
    ]);
    // 36 bad of 7,200 in a 30-day window that holds only these 3 days: 7.2 allowed, overspent.
    expect(t.status).toBe("breach");
  });

  it("a fast burn with budget left warns and says so", () => {
    const t = tile({ ...pipeline, windowDays: 30 }, hours(720, 1000), eventsIn(1000, 15, HOUR_MS, 0));
    expect(t.burn[0]).toEqual({ window: "1h", rate: 15, alerting: true });
    expect(t.status).toBe("warn");
    expect(t.statusReason).toBe("Burning the budget at 15× over 1h");
  });

  it.each([
    { bad: 0, total: 0, target: 0.999, rate: null },
    { bad: 1, total: 10, target: 1, rate: null },
    { bad: 6, total: 1000, target: 0.99, rate: 0.6 },
    { bad: 144, total: 10_000, target: 0.999, rate: 14.4 },
  ])("$bad bad of $total at $target → $rate", ({ bad, total, target, rate }) => {
    expect(burnRate(bad, total, target)).toBe(rate);
  });

  it("no burn rates for daily pass/fail or invariants", () => {
    expect(tile(testDef({ key: "e", sliKind: "event_counts", budgeting: "invariant", target: 1 }), hours(5, 10)).burn).toEqual([]);
    expect(tile(testDef({ key: "c", sliKind: "daily_close", budgeting: "daily", target: 1, threshold: 360 }), hours(5, 1)).burn).toEqual([]);
  });
});

describe("timeslices (good slices ÷ slices)", () => {
  const fresh = testDef({
    key: "ops.silver_freshness",
    sliKind: "freshness",
    budgeting: "timeslices",
    target: 0.99,
    threshold: 900,
    warnThreshold: 600,
    unit: "seconds",
  });
  // 30 days × 24 h × 60 minute slices = 43,200 slices, 432 bad allowed.
  it.each([
    { badPerHour: 0, status: "ok", attainment: 1 },
    { badPerHour: 1, status: "ok", attainment: 59 / 60 },
  ])("steady $badPerHour bad a hour over 30 days", ({ badPerHour, status }) => {
    const b = hours(720, 60, (i) => (i < 300 ? badPerHour : 0), 300);
    const t = tile(fresh, b);
    expect(t.budget).toMatchObject({ allowed: 432, used: 300 * badPerHour });
    expect(t.status).toBe(status);
  });

  it("500 bad slices breach; the latest lag past the warn level warns", () => {
    expect(
      tile(
        fresh,
        hours(720, 60, (i) => (i < 500 ? 1 : 0)),
      ).status,
    ).toBe("breach");
    const warn = tile(fresh, hours(720, 60), [{ atMs: atMs - 60_000, good: 1, total: 1, value: 700 }]);
    expect(warn.current).toEqual({ value: 700, text: "11.7 min" });
    expect(warn.status).toBe("warn");
  });
});

describe("daily (a business day is good iff every observation that day is)", () => {
  const close = testDef({
    key: "finance.gold_close",
    sliKind: "daily_close",
    budgeting: "daily",
    target: 1,
    threshold: 360,
    warnThreshold: 330,
    unit: "local_time",
    timeZone: "America/New_York",
  });
  // One close a business day, bucketed at local midnight (05:00Z in November), for `days` days before AT.
  const closes = (days: number, late: number[] = [], skip: number[] = []) => {
    const out: HourBucket[] = [];
    for (let i = days; i >= 0; i--) {
      if (skip.includes(i)) continue;
      const lateDay = late.includes(i);
      out.push({
        startMs: Date.parse("2026-11-29T05:00:00Z") - i * DAY_MS,
        good: lateDay ? 0 : 1,
        total: 1,
        observations: 1,
        worst: lateDay ? 400 : 320,
      });
    }
    return out;
  };
  it("every day closed on time → ok, 100%", () => {
    const t = tile(close, closes(40));
    expect(t.status).toBe("ok");
    expect(t.attainment30d).toBe(1);
    expect(t.current.text).toBe("closed 05:20 on 2026-11-29");
  });
  it("one late close in the window → breach (target 100%)", () => {
    const t = tile(close, closes(40, [3]));
    expect(t.status).toBe("breach");
    expect(t.budget).toMatchObject({ used: 1, allowed: 0, remainingRatio: null });
    expect(t.attainment7d).toBeCloseTo(6 / 7, 9);
  });
  it("a business day whose deadline passed with no close is a miss; days before the first close are not", () => {
    const t = tile(close, closes(10, [], [4]));
    expect(t.status).toBe("breach");
    expect(t.budget!.used).toBe(1);
    const v = dayVerdicts(
      { def: close, buckets: closes(10, [], [4, 0]), firstMs: Date.parse("2026-11-19T05:00:00Z"), at: AT },
      "2026-11-10",
      "2026-11-29",
    );
    const byDay = Object.fromEntries(v.map((d) => [d.day, d.status]));
    expect(byDay["2026-11-15"]).toBe("no_data"); // pre-history
    expect(byDay["2026-11-25"]).toBe("breach"); // missed
    expect(byDay["2026-11-28"]).toBe("ok");
    // AT is 07:00 in New York: today's 06:00 deadline has passed with no close.
    expect(byDay["2026-11-29"]).toBe("breach");
    const early = dayVerdicts(
      { def: close, buckets: closes(10, [], [0]), firstMs: Date.parse("2026-11-19T05:00:00Z"), at: new Date("2026-11-29T10:00:00Z") },
      "2026-11-29",
      "2026-11-29",
    );
    expect(early[0].status).toBe("no_data"); // 05:00 local: the deadline is still ahead
  });
});

describe("invariant (no budget; any bad in the window breaches)", () => {
  const loss = testDef({ key: "platform.event_loss", sliKind: "event_counts", budgeting: "invariant", target: 1, threshold: 0, unit: "count" });
  it.each([
    { name: "nothing lost", bad: 0, status: "ok" },
    { name: "3 events lost 20 days ago", bad: 3, status: "breach" },
  ])("$name → $status", ({ bad, status }) => {
    const t = tile(
      loss,
      hours(720, 1000, (i) => (i === 480 ? bad : 0)),
    );
    expect(t.status).toBe(status);
    expect(t.budget).toBeNull();
  });
});

describe("spend (month to date in the SLA's zone against the monthly budget)", () => {
  const cost = (timeZone: string) =>
    testDef({
      key: "finance.warehouse_cost",
      sliKind: "spend",
      budgeting: "invariant",
      target: 1,
      threshold: 4_500_000,
      warnThreshold: 4_050_000,
      unit: "minor_units",
      timeZone,
    });
  // 200,000 cents a UTC day through November, 100,000 on 1 December; each day's spend at its start.
  const spend: HourBucket[] = [];
  for (let d = 1; d <= 30; d++) spend.push({ startMs: Date.UTC(2026, 10, d), good: 1, total: 1, observations: 1, worst: 200_000 });
  spend.push({ startMs: Date.UTC(2026, 11, 1), good: 1, total: 1, observations: 1, worst: 100_000 });
  const at = (iso: string, zone: string) =>
    evaluateTile({ def: cost(zone), buckets: spend, firstMs: spend[0].startMs, recent: [], lastObservedAt: null, at: new Date(iso) });

  it("November ran over the budget: 23 days × 2,000.00 = 46,000.00 > 45,000.00 on the 23rd", () => {
    const t = at("2026-11-29T12:00:00Z", "UTC");
    expect(t.status).toBe("breach");
    expect(t.current.value).toBe(5_800_000);
    expect(t.budget).toMatchObject({ allowed: 4_500_000, used: 5_800_000, failuresLeft: 0 });
    expect(t.sparkline.find((p) => p.day === "2026-11-22")!.breach).toBe(false);
    expect(t.sparkline.find((p) => p.day === "2026-11-23")!.breach).toBe(true);
  });
  it("1 December starts a new month in UTC: 1,000.00 month to date, ok", () => {
    const t = at("2026-12-01T03:00:00Z", "UTC");
    expect(t.status).toBe("ok");
    expect(t.current.value).toBe(100_000);
    expect(t.current.text).toMatch(/^1,000.00 month to date of 45,000.00; projected/);
  });
  it("the same instant is still 30 November in New York: November's month to date, breach", () => {
    const t = at("2026-12-01T03:00:00Z", "America/New_York");
    expect(t.status).toBe("breach");
    expect(t.budget!.windowLabel).toBe("November 2026, month to date");
  });
  it("past the warn level → warn", () => {
    const t = at("2026-11-21T12:00:00Z", "UTC"); // 21 × 2,000.00 = 42,000.00 > 40,500.00
    expect(t.current.value).toBe(4_200_000);
    expect(t.status).toBe("warn");
  });
});

describe("no data", () => {
  it.each([
    { def: pipeline, buckets: [] as HourBucket[] },
    { def: pipeline, buckets: hours(48, 10).slice(0, 12) }, // only older than the 1-day window
    {
      def: testDef({ key: "finance.warehouse_cost", sliKind: "spend", budgeting: "invariant", target: 1, threshold: 100, unit: "minor_units" }),
      buckets: [],
    },
  ])("$def.key with $buckets.length old buckets → no_data", ({ def, buckets }) => {
    const t = tile(def, buckets);
    expect(t.status).toBe("no_data");
  });
});

describe("series and breaches", () => {
  it("merges consecutive bad hours into one breach with a worded reason", () => {
    const b = hours(24, 60, (i) => (i === 3 || i === 4 ? 10 : 0), 1200);
    const fresh = testDef({
      key: "ops.silver_freshness",
      sliKind: "freshness",
      budgeting: "timeslices",
      target: 0.99,
      threshold: 900,
      unit: "seconds",
    });
    const s = seriesFor(fresh, b, b[0].startMs, AT, "24h");
    expect(s.series).toHaveLength(24);
    expect(s.breaches).toHaveLength(1);
    expect(s.breaches[0]).toMatchObject({ from: "2026-11-29T07:00:00.000Z", to: "2026-11-29T09:00:00.000Z", worst: 1200 });
    expect(s.breaches[0].reason).toBe("20 bad of 120 (83.33%, target 99%); worst 20 min");
    const days = seriesFor(
      fresh,
      hours(24 * 40, 60, (i) => (i === 30 ? 60 : 0)),
      null,
      AT,
      "30d",
    );
    expect(days.series.filter((p) => p.breach)).toHaveLength(1);
  });
});
