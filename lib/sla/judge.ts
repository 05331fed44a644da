// Judges one stored observation under one definition version (the TABLE in lib/sla/types.ts is the contract with the
// ingest). Pure: the same observation judged by two versions gives two answers, which is how an edit re-judges history.
import { localDay, localDeadline, minutesAfterLocalMidnight } from "./math/daily-close";
import { bucketsFromDetail, p95FromBuckets } from "./math/histogram";
import type { Judged, SlaDefinitionView, StoredObservation } from "./types";

const one = (good: boolean, value: number | null): Judged => ({ good: good ? 1 : 0, total: 1, value });
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function judge(def: SlaDefinitionView, obs: StoredObservation): Judged {
  const t = def.threshold;
  const v = obs.value;
  switch (obs.kind) {
    case "freshness":
      // Seed: "≤ 15 min". No lag measured is no evidence of freshness.
      return one(v !== null && (t === null || v <= t), v);
    case "bi_latency": {
      // Seed: "p95 < 5 s", read from the buckets; the stored value only when the buckets are missing.
      const buckets = bucketsFromDetail(obs.detail);
      const p95 = buckets ? p95FromBuckets(buckets) : v;
      return one(p95 !== null && (t === null || p95 < t), p95);
    }
    case "reconciliation":
      // Seed: "< 0.5%"; the value is the absolute variance already, abs again against a signed sender.
      return one(v !== null && (t === null || Math.abs(v) < t), v === null ? null : Math.abs(v));
    case "daily_close": {
      const given = obs.detail?.business_date;
      const date = typeof given === "string" && isDate(given) ? given : localDay(obs.observedAt, def.timeZone);
      const minutes = minutesAfterLocalMidnight(date, obs.observedAt, def.timeZone);
      if (t === null) return one(true, minutes);
      return one(obs.observedAt.getTime() <= localDeadline(date, t, def.timeZone).getTime(), minutes);
    }
    case "access_approval":
    case "export_approval":
      return one(v !== null && (t === null || v <= t), v);
    case "grants_past_expiry":
      return one(v === 0, v);
    case "event_counts": {
      // Idempotent loads: a sink short of the source lost events, a sink over it loaded duplicates; both are bad.
      const source = num(obs.detail?.source_count);
      const sink = num(obs.detail?.sink_count);
      if (source === null || sink === null) return { good: obs.good, total: obs.total, value: v };
      return { good: Math.min(source, sink), total: Math.max(source, sink), value: source - sink };
    }
    case "access_report":
      // Raw material for pii_logged: the governance job compares it with the ingested events.
      return { good: 0, total: 0, value: v };
    case "spend":
      // A day's spend fails nothing by itself: the month-to-date sum against the monthly budget decides (read side).
      return { good: 1, total: 1, value: v };
    case "pipeline_run":
    case "dq_check":
    case "tile_refs":
    case "pii_logged":
    case "review_on_time":
    case "purge_run":
      return { good: obs.good, total: obs.total, value: v };
  }
}
