// The edit form's unit conversions, both ways, table-driven: what a privacy admin types becomes the domain's units
// (lib/sla/types.ts) and the stored figures come back as typed.
import { describe, expect, it } from "vitest";
import type { ThresholdUnit } from "@/lib/sla/types";
import { formatAttainment, formatThreshold, parseHumanThreshold, parseTargetPercent, thresholdToHuman } from "./units";

describe("parseTargetPercent", () => {
  it.each([
    ["99.9", 0.999],
    ["95", 0.95],
    ["100", 1],
    ["99.95%", 0.9995],
    [" 0.5 ", 0.005],
  ])("%s → %s", (text, ratio) => {
    expect(parseTargetPercent(text)).toEqual({ ok: true, value: ratio });
  });

  it.each([
    ["", "Enter the target as a percent, e.g. 99.9."],
    ["abc", "Enter a number, e.g. 99.9."],
    ["0", "The target must be above 0% and at most 100%."],
    ["150", "The target must be above 0% and at most 100%."],
    ["-5", "The target must be above 0% and at most 100%."],
    ["1e2", "Enter a number, e.g. 99.9."],
  ])("refuses %j", (text, error) => {
    expect(parseTargetPercent(text)).toEqual({ ok: false, error });
  });
});

describe("parseHumanThreshold", () => {
  it.each<[ThresholdUnit, string, number | null]>([
    ["seconds", "15", 900],
    ["seconds", "2.5", 150],
    ["local_time", "06:00", 360],
    ["local_time", "5:30", 330],
    ["local_time", "23:59", 1439],
    ["minor_units", "45000", 4_500_000],
    ["minor_units", "$45,000.50", 4_500_050],
    ["ms", "5000", 5000],
    ["hours", "24", 24],
    ["percent", "0.5", 0.5],
    ["percent", "0.5%", 0.5],
    ["count", "0", 0],
    ["ratio", "99.9", 0.999],
    ["seconds", "", null],
    ["local_time", "  ", null],
  ])("%s %j → %s", (unit, text, value) => {
    expect(parseHumanThreshold(unit, text)).toEqual({ ok: true, value });
  });

  it.each<[ThresholdUnit, string]>([
    ["local_time", "6am"],
    ["local_time", "24:00"],
    ["local_time", "06:60"],
    ["seconds", "soon"],
    ["seconds", "-1"],
    ["count", "1.5"],
    ["ratio", "101"],
    ["ms", "NaN"],
  ])("refuses %s %j", (unit, text) => {
    expect(parseHumanThreshold(unit, text).ok).toBe(false);
  });
});

describe("thresholdToHuman round-trips with parseHumanThreshold", () => {
  it.each<[ThresholdUnit, number, string]>([
    ["seconds", 900, "15"],
    ["seconds", 600, "10"],
    ["local_time", 360, "06:00"],
    ["local_time", 330, "05:30"],
    ["minor_units", 4_500_000, "45000"],
    ["ms", 5000, "5000"],
    ["hours", 24, "24"],
    ["percent", 0.5, "0.5"],
    ["ratio", 0.999, "99.9"],
  ])("%s %s ↔ %j", (unit, stored, shown) => {
    expect(thresholdToHuman(unit, stored)).toBe(shown);
    expect(parseHumanThreshold(unit, shown)).toEqual({ ok: true, value: stored });
  });

  it("shows no threshold as an empty field", () => {
    expect(thresholdToHuman("seconds", null)).toBe("");
  });
});

describe("formatThreshold and formatAttainment", () => {
  it.each<[ThresholdUnit, number | null, string]>([
    ["seconds", 900, "15 min"],
    ["local_time", 360, "06:00 local"],
    ["minor_units", 4_500_000, "$45,000.00"],
    ["ms", 5000, "5,000 ms"],
    ["percent", 0.5, "0.5%"],
    ["ratio", 0.999, "99.9%"],
    ["count", 0, "0"],
    ["hours", null, "—"],
  ])("%s %s → %j", (unit, value, text) => {
    expect(formatThreshold(unit, value)).toBe(text);
  });

  it("never rounds a shortfall up to 100%", () => {
    expect(formatAttainment(0.99999)).toBe("99.99%");
    expect(formatAttainment(1)).toBe("100.00%");
    expect(formatAttainment(null)).toBe("—");
  });
});
