import { describe, expect, it } from "vitest";
import { formatUtc } from "@/components/data/format";
import { describeMinutes, describeMs, describeTimeLeft, splitMinutes, utcText } from "./durations";

describe("describeMinutes", () => {
  it.each([
    [1, "1 minute"],
    [15, "15 minutes"],
    [60, "1 hour"],
    [90, "90 minutes"],
    [240, "4 hours"],
    [1440, "1 day"],
    [1500, "25 hours"],
    [1441, "1,441 minutes"],
    [20160, "14 days"],
    [525600, "365 days"],
    [0, "0 minutes"],
  ])("%i minutes → %s", (minutes, expected) => {
    expect(describeMinutes(minutes)).toBe(expected);
  });
});

describe("splitMinutes", () => {
  it.each([
    [20160, { value: 14, unit: "days" }],
    [120, { value: 2, unit: "hours" }],
    [90, { value: 90, unit: "minutes" }],
    [0, { value: 0, unit: "minutes" }],
  ] as const)("%i → %o", (minutes, expected) => {
    expect(splitMinutes(minutes)).toEqual(expected);
  });
});

describe("describeTimeLeft", () => {
  const at = new Date("2026-12-01T10:00:00Z");
  const later = (ms: number) => new Date(at.getTime() + ms);
  it.each([
    [-60_000, "none"],
    [0, "none"],
    [59_999, "none"],
    [60_000, "1 minute"],
    [12 * 60_000 + 30_000, "12 minutes"],
    [3_600_000, "1 hour"],
    [3 * 3_600_000 + 20 * 60_000, "3 hours 20 minutes"],
    [86_400_000, "1 day"],
    [86_400_000 + 60_000, "1 day"],
    [13 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000, "13 days 4 hours"],
    [3 * 86_400_000 - 60_000, "2 days 23 hours"],
  ])("%i ms → %s", (ms, expected) => {
    expect(describeTimeLeft(later(ms), at)).toBe(expected);
  });
});

describe("describeMs", () => {
  it.each([
    [60_000, "1 minute"],
    [300_000, "5 minutes"],
    [3_600_000, "1 hour"],
    [86_400_000, "1 day"],
    [1000, "1 second"],
    [1500, "1.5 seconds"],
    [30_000, "30 seconds"],
  ])("%i ms → %s", (ms, expected) => {
    expect(describeMs(ms)).toBe(expected);
  });
});

describe("utcText", () => {
  it.each([
    ["2026-12-01T10:00:00Z", "2026-12-01 10:00 UTC"],
    ["2026-12-04T09:00:59.999Z", "2026-12-04 09:00 UTC"],
    ["2027-01-13T23:59:00+02:00", "2027-01-13 21:59 UTC"],
  ])("%s → %s, the text the console's formatUtc shows too", (iso, expected) => {
    expect(utcText(new Date(iso))).toBe(expected);
    expect(formatUtc(new Date(iso))).toBe(expected);
  });
});
