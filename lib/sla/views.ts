// What the SLA screens read (lib/sla/read/*): plain data, computed on the server from rollups and recent raw
// observations. Server components pass these to client charts as props, so every instant here is an ISO string and
// every day a `YYYY-MM-DD` (in the SLA's time zone unless said otherwise). The definition inside keeps its Dates.
import type { BudgetingMethod, BurnWindowKey, SlaDefinitionView, SlaStatus } from "./types";

export interface BurnRateView {
  window: BurnWindowKey;
  /** Error rate over the window ÷ (1 − target); null with no events in the window. */
  rate: number | null;
  /** At or over the SRE workbook's alert threshold for this window (14.4× over 1 h, 6× over 6 h). */
  alerting: boolean;
}

export interface BudgetView {
  /** The window the budget covers, e.g. "30 days" or "1 day". */
  windowLabel: string;
  /** Failures (bad events, slices or days) the target allows in the window: (1 − target) × total. */
  allowed: number;
  /** Failures seen in the window. */
  used: number;
  /** 1 − used ÷ allowed, below 0 when overspent; null when the target allows no failure at all. */
  remainingRatio: number | null;
  /** Whole failures still allowed before the window breaches (0 when spent). */
  failuresLeft: number;
}

export interface SparkPoint {
  day: string;
  /** Attainment that day (good ÷ total), null with no data. */
  attainment: number | null;
  breach: boolean;
}

export interface SlaTileView {
  /** The current version; `def.ref` is what the tile shows. */
  def: SlaDefinitionView;
  method: BudgetingMethod;
  status: SlaStatus;
  /** One sentence: why the status, e.g. "3 failed runs in the last day; 1 allowed". */
  statusReason: string;
  /** The headline value now (latest lag, month-to-date spend, p95, attainment…) in the SLA's unit, and its text. */
  current: { value: number | null; text: string };
  /** The promise in words, e.g. "≤ 15 min", "by 06:00 America/New_York", "≥ 99.9% of runs". */
  targetText: string;
  attainment7d: number | null;
  attainment30d: number | null;
  /** null for invariants (no budget). */
  budget: BudgetView | null;
  /** Empty where burn rates make no sense (invariants, daily pass/fail). */
  burn: BurnRateView[];
  /** The last 30 days in the SLA's time zone, oldest first. */
  sparkline: SparkPoint[];
  lastObservedAt: string | null;
}

export interface TimelineCell {
  day: string;
  status: SlaStatus;
  /** Bad events, slices or days that day. */
  bad: number;
  total: number;
}

export interface BreachTimeline {
  /** Days, oldest first (UTC days for the grid; each SLA's own days are mapped onto them). */
  days: string[];
  rows: Array<{ key: string; ref: string; name: string; cells: TimelineCell[] }>;
}

export interface SeriesPoint {
  /** Start of the bucket (an hour for ranges up to 7 days, a day beyond). */
  t: string;
  good: number;
  total: number;
  attainment: number | null;
  /** Worst value in the bucket in the SLA's unit (largest lag, latency, variance…), null where values do not apply. */
  worst: number | null;
  breach: boolean;
}

export interface BreachView {
  from: string;
  to: string;
  /** What broke, in words with figures. */
  reason: string;
  worst: number | null;
}

export type SlaRange = "24h" | "7d" | "30d" | "90d";

export interface SlaDetailView {
  /** The version the figures are judged under (the current one unless asked). */
  def: SlaDefinitionView;
  /** Every version, newest first. */
  versions: SlaDefinitionView[];
  /** The same tile figures the dashboard shows, under `def`. */
  tile: SlaTileView;
  /** Attainment under every version over the same 7 and 30 days (an edit shows old and new side by side). */
  byVersion: Array<{ ref: string; version: number; attainment7d: number | null; attainment30d: number | null; status: SlaStatus }>;
  range: { key: SlaRange; from: string; to: string };
  series: SeriesPoint[];
  breaches: BreachView[];
}
