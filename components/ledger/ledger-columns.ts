// The ledger browser's columns and the compact row the table receives. Pure data, shared by the server (which builds
// rows holding only the chosen columns' values, already formatted) and the client table (which renders them): no
// entry object crosses to the browser. The choice of columns lives in the URL (`cols`).
import type { PrivacyTier } from "@/lib/core/tiers";
import type { Decision } from "@/lib/ledger/entry";

export const LEDGER_COLUMN_IDS = ["entry", "actor", "action", "decision", "resource", "request", "policy"] as const;
export type LedgerColumnId = (typeof LEDGER_COLUMN_IDS)[number];

export const LEDGER_COLUMN_LABELS: Record<LedgerColumnId, string> = {
  entry: "Entry",
  actor: "Actor",
  action: "Action · purpose",
  decision: "Decision · tiers · columns",
  resource: "Resource · record",
  request: "Request id",
  policy: "Policy version",
};

export const DEFAULT_LEDGER_COLUMNS: readonly LedgerColumnId[] = ["entry", "actor", "action", "decision", "resource"];

/** The chosen columns from the URL, in table order; the entry column (the row's link) is always there. */
export function chosenLedgerColumns(param: string | string[] | undefined): LedgerColumnId[] {
  const asked = new Set((Array.isArray(param) ? param : param ? [param] : []).flatMap((v) => v.split(",")));
  if (asked.size === 0) return [...DEFAULT_LEDGER_COLUMNS];
  return LEDGER_COLUMN_IDS.filter((id) => id === "entry" || asked.has(id));
}

/** What was shown in clear: a tier, nothing, or not recorded (entries older than disclosed_tier, decision 017). */
export type ShownTier = PrivacyTier | "nothing" | "not_recorded";

/** One table row, short keys (50 of them ride in every page's payload); only the chosen columns' keys are set. */
export interface LedgerTableRow {
  /** seq */
  s: number;
  /** UTC, to the second: "2026-11-29 10:00:05" */
  u: string;
  /** the viewer's local time, when their zone is known */
  l?: string;
  /** actor (email, else id) and role */
  a?: string;
  r?: string;
  /** action and purpose */
  x?: string;
  p?: string;
  /** decision; tier asked; tier shown; [clear, masked, withheld] column counts; rows */
  d?: Decision;
  ta?: PrivacyTier;
  ts?: ShownTier;
  c?: [number, number, number];
  n?: number;
  /** resource; record id */
  o?: string;
  k?: string | null;
  /** request id; policy version */
  q?: string;
  v?: string;
}
