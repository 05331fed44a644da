import { describe, expect, it } from "vitest";
import { p95FromBuckets } from "./histogram";

describe("p95FromBuckets", () => {
  it.each([
    // 100 observations: rank 95 falls in (1000, 2000] holding 20 (cum 80 before): 1000 + 1000 × 15/20 = 1750.
    {
      name: "interpolates inside the bucket",
      buckets: [
        { le_ms: 500, count: 50 },
        { le_ms: 1000, count: 30 },
        { le_ms: 2000, count: 20 },
      ],
      p95: 1750,
    },
    // Unordered input, first bucket holds the rank: 0 + 100 × 95/100.
    {
      name: "first bucket from 0, order does not matter",
      buckets: [
        { le_ms: 200, count: 0 },
        { le_ms: 100, count: 100 },
      ],
      p95: 95,
    },
    // rank 9.5 of 10 lands in +Inf (cum 9 before): the last finite bound.
    {
      name: "+Inf bucket answers the last finite bound",
      buckets: [
        { le_ms: 1000, count: 9 },
        { le_ms: null, count: 1 },
      ],
      p95: 1000,
    },
    { name: "no observations", buckets: [{ le_ms: 1000, count: 0 }], p95: null },
    { name: "only +Inf", buckets: [{ le_ms: null, count: 4 }], p95: null },
    // 200 obs: rank 190; cum 180 after ≤4000; bucket (4000, 8000] holds 20 → 4000 + 4000 × 10/20 = 6000.
    {
      name: "seed-like latencies",
      buckets: [
        { le_ms: 1000, count: 120 },
        { le_ms: 4000, count: 60 },
        { le_ms: 8000, count: 20 },
      ],
      p95: 6000,
    },
  ])("$name", ({ buckets, p95 }) => {
    expect(p95FromBuckets(buckets)).toBe(p95);
  });
});
