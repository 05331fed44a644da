import { describe, expect, it } from "vitest";
import { formatAgo, formatCents, formatNumber, formatRelative, formatUtc, formatUtcDate } from "./format";

describe("formatCents", () => {
  it.each([
    [123456, "USD", "$1,234.56"],
    [0, "USD", "$0.00"],
    [-500, "USD", "-$5.00"],
    [99, "eur", "€0.99"],
    [1500, "JPY", "¥1,500"], // JPY has no minor unit
    [1234, "dollars", "12.34 dollars"], // malformed code falls back to a plain amount
  ])("formatCents(%d, %s) = %s", (cents, currency, expected) => {
    expect(formatCents(cents, currency)).toBe(expected);
  });
});

describe("formatNumber", () => {
  it("groups thousands", () => expect(formatNumber(1234567)).toBe("1,234,567"));
});

describe("formatUtc", () => {
  it("renders UTC regardless of the host time zone", () => {
    expect(formatUtc(new Date("2026-03-08T01:05:09-08:00"))).toBe("2026-03-08 09:05 UTC");
    expect(formatUtc("2026-11-27T00:00:00Z")).toBe("2026-11-27 00:00 UTC");
    expect(formatUtcDate("2026-11-27T23:59:00Z")).toBe("2026-11-27");
  });
  it("echoes an unparseable string instead of printing Invalid Date", () => {
    expect(formatUtc("not a date")).toBe("not a date");
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it.each([
    ["2026-11-30T12:00:00Z", "in 3 days"],
    ["2026-11-27T10:00:00Z", "2 hours ago"],
    ["2026-11-28T12:00:00Z", "tomorrow"],
    ["2026-11-27T12:00:30Z", "now"],
    ["2026-12-27T12:00:00Z", "next month"],
  ])("%s → %s", (at, expected) => {
    expect(formatRelative(at, now)).toBe(expected);
  });
});

describe("formatAgo", () => {
  it("says 'just now' under a minute and otherwise what formatRelative says", () => {
    const now = new Date("2030-01-01T12:00:00Z");
    expect(formatAgo(new Date("2030-01-01T11:59:30Z"), now)).toBe("just now");
    expect(formatAgo(new Date("2030-01-01T11:55:00Z"), now)).toBe("5 minutes ago");
  });
});
