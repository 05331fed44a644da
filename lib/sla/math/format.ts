// Words and figures for the tiles: a value in its unit, and the promise in words. Pure (client-safe).
import type { SlaDefinitionView, ThresholdUnit } from "../types";

const trim = (n: number, digits: number) => Number(n.toFixed(digits)).toLocaleString("en-US", { maximumFractionDigits: digits });

export function formatValue(unit: ThresholdUnit, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "—";
  switch (unit) {
    case "seconds":
      if (Math.abs(v) < 60) return `${trim(v, 0)} s`;
      if (Math.abs(v) < 3600) return `${trim(v / 60, 1)} min`;
      return `${trim(v / 3600, 1)} h`;
    case "ms":
      return Math.abs(v) < 1000 ? `${trim(v, 0)} ms` : `${trim(v / 1000, 2)} s`;
    case "hours":
      return `${trim(v, 1)} h`;
    case "percent":
      return `${trim(v, 2)}%`;
    case "local_time": {
      const m = Math.round(v);
      const days = Math.floor(m / 1440);
      const rest = m - days * 1440;
      const hhmm = `${String(Math.floor(rest / 60)).padStart(2, "0")}:${String(rest % 60).padStart(2, "0")}`;
      return days > 0 ? `${hhmm} (+${days} d)` : hhmm;
    }
    case "minor_units":
      return (v / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "count":
      return trim(v, 0);
    case "ratio":
      return formatRatio(v);
  }
}

export function formatRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return "—";
  const pct = r * 100;
  return `${pct === 100 || pct === 0 ? pct.toFixed(0) : pct >= 99 ? trim(pct, 3) : trim(pct, 2)}%`;
}

const NOUN: Partial<Record<SlaDefinitionView["sliKind"], string>> = {
  freshness: "minutes",
  bi_latency: "windows",
  reconciliation: "closes",
  pipeline_run: "runs",
  dq_check: "runs",
  tile_refs: "tiles",
  pii_logged: "restricted reads",
  access_approval: "requests",
  export_approval: "exports",
  review_on_time: "campaigns",
  purge_run: "purge runs",
};

/** The promise in words: "≤ 15 min in 99% of minutes", "by 06:00 America/New_York", "≥ 99.9% of runs". */
export function targetText(def: SlaDefinitionView): string {
  const t = def.threshold;
  const share = `${formatRatio(def.target)} of ${NOUN[def.sliKind] ?? "observations"}`;
  switch (def.sliKind) {
    case "freshness":
    case "access_approval":
    case "export_approval":
      return t === null ? `≥ ${share}` : `≤ ${formatValue(def.unit, t)}${def.target < 1 ? ` in ${share}` : ""}`;
    case "bi_latency":
      return t === null ? `≥ ${share}` : `p95 < ${formatValue(def.unit, t)}${def.target < 1 ? ` in ${share}` : ""}`;
    case "reconciliation":
      return t === null ? `≥ ${share}` : `< ${formatValue(def.unit, t)} variance${def.target < 1 ? ` in ${share}` : ""}`;
    case "daily_close":
      return `by ${formatValue("local_time", t ?? 0)} ${def.timeZone}${def.target < 1 ? `, ${formatRatio(def.target)} of days` : ", every day"}`;
    case "event_counts":
      return "0 events lost or duplicated";
    case "grants_past_expiry":
      return "0 grants past expiry";
    case "spend":
      return t === null ? "within the monthly budget" : `≤ ${formatValue(def.unit, t)} a month`;
    case "review_on_time":
      return `≥ ${share} on time`;
    default:
      return `${def.target >= 1 ? "" : "≥ "}${share}`;
  }
}
