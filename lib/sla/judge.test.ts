import { describe, expect, it } from "vitest";
import { judge } from "./judge";
import { testDef } from "./math/test-helpers";
import type { SliKind, StoredObservation } from "./types";

const obs = (kind: SliKind, over: Partial<StoredObservation> = {}): StoredObservation => ({
  slaKey: "k",
  kind,
  subject: "s",
  observedAt: new Date("2026-11-29T12:00:00Z"),
  windowStart: null,
  value: null,
  good: 0,
  total: 1,
  detail: null,
  ...over,
});
const def = (sliKind: SliKind, threshold: number | null = null) => testDef({ key: "k", sliKind, budgeting: "occurrences", threshold });

describe("judge, per kind (the TABLE in lib/sla/types.ts)", () => {
  it.each([
    {
      name: "freshness at the threshold is good (≤ 15 min)",
      d: def("freshness", 900),
      o: obs("freshness", { value: 900 }),
      want: { good: 1, total: 1, value: 900 },
    },
    {
      name: "freshness past the threshold is bad",
      d: def("freshness", 900),
      o: obs("freshness", { value: 901 }),
      want: { good: 0, total: 1, value: 901 },
    },
    { name: "freshness with no lag is bad", d: def("freshness", 900), o: obs("freshness"), want: { good: 0, total: 1, value: null } },
    {
      name: "bi_latency p95 from buckets, below 5 s is good",
      d: def("bi_latency", 5000),
      o: obs("bi_latency", {
        value: 99_999,
        detail: {
          buckets: [
            { le_ms: 1000, count: 120 },
            { le_ms: 4000, count: 60 },
            { le_ms: 8000, count: 20 },
          ],
        },
      }),
      want: { good: 0, total: 1, value: 6000 },
    },
    {
      name: "bi_latency at exactly the threshold is bad (p95 < 5 s)",
      d: def("bi_latency", 5000),
      o: obs("bi_latency", {
        detail: {
          buckets: [
            { le_ms: 5000, count: 10 },
            { le_ms: null, count: 1 },
          ],
        },
      }),
      want: { good: 0, total: 1, value: 5000 },
    },
    {
      name: "reconciliation below 0.5% is good",
      d: def("reconciliation", 0.5),
      o: obs("reconciliation", { value: 0.49 }),
      want: { good: 1, total: 1, value: 0.49 },
    },
    {
      name: "reconciliation at 0.5% is bad",
      d: def("reconciliation", 0.5),
      o: obs("reconciliation", { value: 0.5 }),
      want: { good: 0, total: 1, value: 0.5 },
    },
    {
      name: "access approval within 24 h is good",
      d: def("access_approval", 24),
      o: obs("access_approval", { value: 24 }),
      want: { good: 1, total: 1, value: 24 },
    },
    {
      name: "export approval past 24 h is bad",
      d: def("export_approval", 24),
      o: obs("export_approval", { value: 30 }),
      want: { good: 0, total: 1, value: 30 },
    },
    {
      name: "grants past expiry 0 is good",
      d: def("grants_past_expiry", 0),
      o: obs("grants_past_expiry", { value: 0 }),
      want: { good: 1, total: 1, value: 0 },
    },
    {
      name: "grants past expiry 2 is bad",
      d: def("grants_past_expiry", 0),
      o: obs("grants_past_expiry", { value: 2 }),
      want: { good: 0, total: 1, value: 2 },
    },
    {
      name: "event counts: sink short of source loses events",
      d: def("event_counts", 0),
      o: obs("event_counts", { value: 3, good: 97, total: 100, detail: { source_count: 100, sink_count: 97 } }),
      want: { good: 97, total: 100, value: 3 },
    },
    {
      name: "event counts: duplicates are bad too (idempotent loads)",
      d: def("event_counts", 0),
      o: obs("event_counts", { value: -2, good: 100, total: 100, detail: { source_count: 100, sink_count: 102 } }),
      want: { good: 100, total: 102, value: -2 },
    },
    {
      name: "pipeline run: stored good/total",
      d: def("pipeline_run"),
      o: obs("pipeline_run", { good: 0, total: 1, value: 42 }),
      want: { good: 0, total: 1, value: 42 },
    },
    { name: "dq check: stored", d: def("dq_check"), o: obs("dq_check", { good: 1, total: 1 }), want: { good: 1, total: 1, value: null } },
    { name: "tile refs: stored", d: def("tile_refs"), o: obs("tile_refs", { good: 38, total: 40 }), want: { good: 38, total: 40, value: null } },
    {
      name: "pii logged: stored",
      d: def("pii_logged", 0),
      o: obs("pii_logged", { good: 9, total: 10, value: 1 }),
      want: { good: 9, total: 10, value: 1 },
    },
    {
      name: "review on time: stored",
      d: def("review_on_time", 0),
      o: obs("review_on_time", { good: 0, total: 1, value: 5 }),
      want: { good: 0, total: 1, value: 5 },
    },
    { name: "purge run: stored", d: def("purge_run"), o: obs("purge_run", { good: 1, total: 1 }), want: { good: 1, total: 1, value: null } },
    {
      name: "access report counts nothing itself",
      d: def("access_report"),
      o: obs("access_report", { value: 50, good: 5, total: 5 }),
      want: { good: 0, total: 0, value: 50 },
    },
    {
      name: "spend: the month decides, a day counts as one",
      d: def("spend", 4_500_000),
      o: obs("spend", { value: 9_000_000 }),
      want: { good: 1, total: 1, value: 9_000_000 },
    },
  ])("$name", ({ d, o, want }) => {
    expect(judge(d, o)).toEqual(want);
  });

  it("an edit re-judges the same observation: 10 min of lag is good under 15 min and bad under 5 min", () => {
    const o = obs("freshness", { value: 600 });
    expect(judge(testDef({ key: "k", sliKind: "freshness", budgeting: "timeslices", threshold: 900 }), o).good).toBe(1);
    expect(judge(testDef({ key: "k", sliKind: "freshness", budgeting: "timeslices", threshold: 300, version: 2 }), o).good).toBe(0);
  });
});
