// The ledger browser's columns: ids, headers and which show by default. Pure data, shared by the server (which
// renders only the chosen cells) and the client table (which lays them out); the choice lives in the URL (`cols`).

export const LEDGER_COLUMN_IDS = ["entry", "actor", "action", "decision", "tiers", "resource", "request", "policy"] as const;
export type LedgerColumnId = (typeof LEDGER_COLUMN_IDS)[number];

export const LEDGER_COLUMN_LABELS: Record<LedgerColumnId, string> = {
  entry: "Entry",
  actor: "Actor",
  action: "Action · purpose",
  decision: "Decision · columns",
  tiers: "Tier asked · shown",
  resource: "Resource · record",
  request: "Request id",
  policy: "Policy version",
};

export const DEFAULT_LEDGER_COLUMNS: readonly LedgerColumnId[] = ["entry", "actor", "action", "decision", "tiers", "resource"];

/** The chosen columns from the URL, in table order; the entry column (the row's link) is always there. */
export function chosenLedgerColumns(param: string | string[] | undefined): LedgerColumnId[] {
  const asked = new Set((Array.isArray(param) ? param : param ? [param] : []).flatMap((v) => v.split(",")));
  if (asked.size === 0) return [...DEFAULT_LEDGER_COLUMNS];
  return LEDGER_COLUMN_IDS.filter((id) => id === "entry" || asked.has(id));
}
