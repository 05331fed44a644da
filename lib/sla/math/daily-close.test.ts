import { describe, expect, it } from "vitest";
import { judge } from "../judge";
import { localDay, localDeadline, minutesAfterLocalMidnight } from "./daily-close";
import { testDef } from "./test-helpers";

// 06:00 local on each business date, hand-computed from the zones' offsets that morning.
const CASES = [
  { zone: "America/New_York", date: "2026-03-07", utc: "2026-03-07T11:00:00.000Z", note: "ordinary day, EST (UTC−5)" },
  { zone: "America/New_York", date: "2026-03-08", utc: "2026-03-08T10:00:00.000Z", note: "spring forward at 02:00: 06:00 is EDT (UTC−4)" },
  { zone: "America/New_York", date: "2026-06-15", utc: "2026-06-15T10:00:00.000Z", note: "ordinary summer day, EDT" },
  { zone: "America/New_York", date: "2026-11-01", utc: "2026-11-01T11:00:00.000Z", note: "fall back at 02:00: 06:00 is EST (UTC−5)" },
  { zone: "Europe/London", date: "2026-03-29", utc: "2026-03-29T05:00:00.000Z", note: "BST starts at 01:00: 06:00 is UTC+1" },
  { zone: "Europe/London", date: "2026-10-25", utc: "2026-10-25T06:00:00.000Z", note: "BST ends at 02:00: 06:00 is UTC+0" },
  { zone: "Europe/London", date: "2026-07-01", utc: "2026-07-01T05:00:00.000Z", note: "ordinary summer day, BST" },
];

describe("localDeadline (06:00 wall clock, DST-aware)", () => {
  it.each(CASES)("$zone $date → $utc ($note)", ({ zone, date, utc }) => {
    expect(localDeadline(date, 360, zone).toISOString()).toBe(utc);
  });

  it.each(CASES)("a close at 05:59 local passes and at 06:01 fails: $zone $date", ({ zone, date, utc }) => {
    const def = testDef({
      key: "finance.gold_close",
      sliKind: "daily_close",
      budgeting: "daily",
      target: 1,
      threshold: 360,
      unit: "local_time",
      timeZone: zone,
    });
    const at = (ms: number) => ({
      slaKey: def.key,
      kind: "daily_close" as const,
      subject: "finance_gold",
      observedAt: new Date(Date.parse(utc) + ms),
      windowStart: null,
      value: null,
      good: 0,
      total: 1,
      detail: { business_date: date },
    });
    expect(judge(def, at(-60_000))).toEqual({ good: 1, total: 1, value: 359 });
    expect(judge(def, at(60_000))).toEqual({ good: 0, total: 1, value: 361 });
    expect(judge(def, at(0)).good).toBe(1);
  });

  it("a naive midnight + 6 h would be an hour off on both New York transitions", () => {
    const naive = (date: string) => new Date(Date.parse(localDeadline(date, 0, "America/New_York").toISOString()) + 6 * 3_600_000).toISOString();
    expect(naive("2026-03-08")).toBe("2026-03-08T11:00:00.000Z");
    expect(localDeadline("2026-03-08", 360, "America/New_York").toISOString()).toBe("2026-03-08T10:00:00.000Z");
    expect(naive("2026-11-01")).toBe("2026-11-01T10:00:00.000Z");
    expect(localDeadline("2026-11-01", 360, "America/New_York").toISOString()).toBe("2026-11-01T11:00:00.000Z");
  });

  it("minutes past 1440 run into the next day's wall clock; a late close is measured in wall-clock minutes", () => {
    expect(localDeadline("2026-03-07", 1440 + 60, "America/New_York").toISOString()).toBe("2026-03-08T06:00:00.000Z");
    expect(minutesAfterLocalMidnight("2026-11-01", new Date("2026-11-02T06:30:00Z"), "America/New_York")).toBe(1440 + 90);
    expect(localDay(new Date("2026-11-01T03:30:00Z"), "America/New_York")).toBe("2026-10-31");
  });

  it("refuses a malformed business date", () => {
    expect(() => localDeadline("2026-13-01", 360, "UTC")).toThrow(RangeError);
    expect(() => localDeadline("20260301", 360, "UTC")).toThrow(RangeError);
  });
});
