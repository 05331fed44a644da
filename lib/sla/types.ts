// The SLA vocabulary (issue 10, decision 034): SLI kinds, budgeting methods, units, and the shapes every part of
// lib/sla shares. Zod-free, so client components import the labels.
//
// An observation is stored raw (sla_observations) and judged by a definition *version* (lib/sla/judge.ts), so an
// edit of the threshold re-judges history instead of rewriting it. What each kind keeps in the row's columns:
//
// | kind               | subject        | observed_at       | window_start | value                   | good / total                   | detail                        |
// |--------------------|----------------|-------------------|--------------|-------------------------|--------------------------------|-------------------------------|
// | pipeline_run       | pipeline       | finished_at       | started_at   | duration seconds        | 1/1 success, 0/1 failure       | { run_id }                    |
// | freshness          | table          | sampled_at        | —            | lag seconds             | 0/1 (threshold decides)        | —                             |
// | daily_close        | dataset        | closed_at         | —            | —                       | 0/1 (deadline decides)         | { business_date }             |
// | reconciliation     | ledger         | reconciled_at     | —            | abs variance, percent   | 0/1 (threshold decides)        | { business_date }             |
// | dq_check           | check          | checked_at        | —            | —                       | 1/1 pass, 0/1 fail             | { run_id }                    |
// | event_counts       | stream         | window end        | window start | source − sink           | min(sink,source)/source        | { source_count, sink_count }  |
// | bi_latency         | tile           | window end        | window start | p95 ms (from buckets)   | 0/1 (threshold decides)        | { buckets: [{le_ms, count}] } |
// | spend              | account        | end of the day    | start of day | amount, minor units     | 0/1 (month-to-date decides)    | { day, currency }             |
// | tile_refs          | dashboard      | scanned_at        | —            | —                       | referencing/total tiles        | —                             |
// | access_report      | token name     | window end        | window start | events reported         | 0/0 (the governance job judges)| { reported }                  |
// | pii_logged         | ledger action  | hour end          | hour start   | decisions − entries     | min(entries,decisions)/decisions| —                            |
// | access_approval    | request id     | decided_at        | requested_at | hours to approve        | 0/1 (threshold decides)        | { tier }                      |
// | grants_past_expiry | "grants"       | checked_at        | —            | grants active past end  | 0/1 (0 is good)                | —                             |
// | review_on_time     | campaign id    | due_at            | —            | hours late (≤ 0 on time)| 1/1 on time, 0/1 late          | —                             |
// | purge_run          | run id         | finished_at       | started_at   | —                       | 1/1 completed, 0/1 otherwise   | { status }                    |
// | export_approval    | export id      | decided_at        | requested_at | hours to approve        | 0/1 (threshold decides)        | —                             |
//
// bi_latency buckets are stored PER BUCKET (the API takes Prometheus' cumulative counts and converts); le_ms null
// is the +Inf bucket.
//
// The first ten kinds arrive through POST /api/v1/sla/observations; the governance kinds (pii_logged and after)
// are written by Warden's own evaluation job (source "warden"). access_report arrives through the API and feeds
// the governance SLI "PII-restricted access logged".

export const INGEST_KINDS = [
  "pipeline_run",
  "freshness",
  "daily_close",
  "reconciliation",
  "dq_check",
  "event_counts",
  "bi_latency",
  "spend",
  "tile_refs",
  "access_report",
] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

export const GOVERNANCE_KINDS = ["pii_logged", "access_approval", "grants_past_expiry", "review_on_time", "purge_run", "export_approval"] as const;

export const SLI_KINDS = [...INGEST_KINDS, ...GOVERNANCE_KINDS] as const;
export type SliKind = (typeof SLI_KINDS)[number];

/** OpenSLO's budgeting methods, plus invariants (a promise with no budget: any violation is a breach). */
export const BUDGETING_METHODS = ["occurrences", "timeslices", "daily", "invariant"] as const;
export type BudgetingMethod = (typeof BUDGETING_METHODS)[number];

export const BUDGETING_LABELS: Record<BudgetingMethod, string> = {
  occurrences: "Occurrences (good events ÷ all events)",
  timeslices: "Timeslices (good slices ÷ all slices)",
  daily: "Daily pass/fail (good days ÷ days, in the SLA's time zone)",
  invariant: "Invariant (no budget: any violation is a breach)",
};

/** Units of a definition's threshold and of the observations' `value`. */
export const THRESHOLD_UNITS = ["seconds", "ms", "hours", "percent", "local_time", "minor_units", "count", "ratio"] as const;
export type ThresholdUnit = (typeof THRESHOLD_UNITS)[number];

export type SlaSource = "ingest" | "warden";

/** One version of a definition, as lib/sla reads it (prisma row mapped). */
export interface SlaDefinitionView {
  id: string;
  key: string;
  version: number;
  /** `key@version`, what tiles show and reference. */
  ref: string;
  current: boolean;
  name: string;
  description: string;
  sliKind: SliKind;
  budgeting: BudgetingMethod;
  /** 0 < target <= 1. */
  target: number;
  /**
   * The per-observation limit in `unit`. For `local_time` it is minutes after local midnight of the business date
   * (06:00 → 360), judged in `timeZone` so that DST days are right. For `spend` it is the monthly budget.
   */
  threshold: number | null;
  warnThreshold: number | null;
  unit: ThresholdUnit;
  windowDays: number;
  timeZone: string;
  ownerTeam: string;
  ownerId: string | null;
  source: SlaSource;
  changeReason: string;
  createdById: string | null;
  createdAt: Date;
}

/** A stored observation as the judge reads it. */
export interface StoredObservation {
  slaKey: string;
  kind: SliKind;
  subject: string;
  observedAt: Date;
  windowStart: Date | null;
  value: number | null;
  good: number;
  total: number;
  detail: Record<string, unknown> | null;
}

/** An observation judged by one definition version: how many good of how many, and the value shown. */
export interface Judged {
  good: number;
  total: number;
  value: number | null;
}

export type SlaStatus = "ok" | "warn" | "breach" | "no_data";

export const SLA_STATUS_LABELS: Record<SlaStatus, string> = {
  ok: "Holding",
  warn: "At risk",
  breach: "Breached",
  no_data: "No data",
};

/** Burn-rate lookbacks the tiles show and alerts use (SRE workbook: 14.4× over 1 h, 6× over 6 h). */
export const BURN_WINDOWS = [
  { key: "1h", hours: 1, alertAt: 14.4 },
  { key: "6h", hours: 6, alertAt: 6 },
  { key: "3d", hours: 72, alertAt: null },
] as const;
export type BurnWindowKey = (typeof BURN_WINDOWS)[number]["key"];

/** What an edit of a definition may change (a new version); the SLI's kind and unit are fixed per key. */
export const SLA_EDITABLE_FIELDS = [
  "name",
  "description",
  "budgeting",
  "target",
  "threshold",
  "warnThreshold",
  "windowDays",
  "timeZone",
  "ownerTeam",
  "ownerId",
] as const;
