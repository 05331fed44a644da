// The demo's SLA history: closes on New York's wall clock across both DST changes, the planted incidents, and a
// second run that writes nothing twice (issue 10, decision 036).
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { DEMO_SOURCE, generateSlaHistory } from "./generate-history";

const localCloses = async (from: Date, to: Date) =>
  (
    await getDb().slaObservation.findMany({
      where: { slaKey: "finance.gold_close", source: DEMO_SOURCE, observedAt: { gte: from, lt: to } },
      orderBy: { observedAt: "asc" },
    })
  ).map((o) => {
    const local = DateTime.fromJSDate(o.observedAt, { zone: "America/New_York" });
    return {
      date: (JSON.parse(o.detail!) as { business_date: string }).business_date,
      local: local.toISODate(),
      minutes: local.hour * 60 + local.minute,
    };
  });

describe("generateSlaHistory", () => {
  it("closes Finance Gold between 04:30 and 05:45 New York time on every business day across the March DST change", async () => {
    const until = new Date("2026-03-11T12:00:00Z");
    await generateSlaHistory({ days: 5, until, seed: 7 });
    const closes = await localCloses(new Date("2026-03-06T00:00:00Z"), until);
    // From 2026-03-06 12:00 UTC: that morning's close (before it) is not part of the range.
    expect(closes.map((c) => c.date)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"]);
    for (const c of closes) {
      expect(c.local).toBe(c.date);
      expect(c.minutes).toBeGreaterThanOrEqual(270);
      expect(c.minutes).toBeLessThanOrEqual(345);
    }
  }, 60_000);

  it("across the November DST change too; plants the event-loss incident; a second run writes nothing again", async () => {
    const until = new Date("2026-11-03T12:00:00Z");
    const first = await generateSlaHistory({ days: 14, until, seed: 7 });
    expect(first.inserted).toBeGreaterThan(10_000);
    const closes = await localCloses(new Date("2026-10-30T00:00:00Z"), until);
    expect(closes.map((c) => c.date)).toEqual(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"]);
    for (const c of closes) expect(c.minutes).toBeLessThanOrEqual(345);

    // 12 days before: 37 events of one stream never loaded, in one hour; every other window balanced.
    const lossy = await getDb().slaObservation.findMany({
      where: {
        slaKey: "platform.event_loss",
        source: DEMO_SOURCE,
        value: { not: 0 },
        observedAt: { gte: new Date(until.getTime() - 14 * 86_400_000), lte: until },
      },
    });
    expect(lossy.map((o) => [o.subject, o.value, o.windowStart!.toISOString()])).toEqual([["payment_events", 37, "2026-10-22T17:00:00.000Z"]]);
    expect(lossy[0].total - lossy[0].good).toBe(37);

    // Nothing in the future.
    expect(await getDb().slaObservation.count({ where: { source: DEMO_SOURCE, observedAt: { gt: until } } })).toBe(0);
    // Histograms carry their buckets (per bucket, +Inf as null) and the p95 read from them.
    const bi = await getDb().slaObservation.findFirstOrThrow({ where: { slaKey: "bi.core_tile_p95", source: DEMO_SOURCE } });
    const buckets = (JSON.parse(bi.detail!) as { buckets: Array<{ le_ms: number | null; count: number }> }).buckets;
    expect(buckets.at(-1)!.le_ms).toBeNull();
    expect(bi.value!).toBeGreaterThan(0);
    expect(bi.value!).toBeLessThan(5_000);

    const again = await generateSlaHistory({ days: 14, until, seed: 7 });
    expect(again.inserted).toBe(0);
  }, 120_000);
});
