import { describe, expect, it } from "vitest";
import { utcSeconds, viewerClock } from "./instant";

describe("viewerClock", () => {
  it("formats in the viewer's zone with one formatter per zone, and falls back to UTC only for an unknown zone", () => {
    const paris = viewerClock("Europe/Paris");
    expect(paris.zone).toBe("Europe/Paris");
    expect(paris.local!.format(new Date("2026-11-29T10:00:05Z"))).toBe("2026-11-29 11:00:05");
    expect(viewerClock("Europe/Paris").local).toBe(paris.local);
    expect(viewerClock("America/Los_Angeles").local!.format(new Date("2026-07-01T03:00:00Z"))).toBe("2026-06-30 20:00:00");
    expect(viewerClock("Mars/Olympus_Mons")).toEqual({ zone: null, local: null });
    expect(viewerClock("Mars/Olympus_Mons")).toEqual({ zone: null, local: null });
    expect(viewerClock("UTC")).toEqual({ zone: null, local: null });
    expect(utcSeconds("2026-11-29T10:00:05.123Z")).toBe("2026-11-29 10:00:05");
  });
});
