// The ledger rows' cells, rendered on the server: the client table receives finished cells, never entry objects,
// so the page ships each value once and no cell renderer in its JavaScript (docs/decisions/020-ledger-browser.md).
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { LedgerListRow } from "@/lib/ledger/find-ledger-entries";
import { Instant, type ViewerClock } from "./instant";
import type { LedgerColumnId } from "./ledger-columns";
import { TierPair } from "./tier-pair";

const DECISION_VARIANT = { allow: "success", mask: "warning", deny: "danger" } as const;

export interface LedgerTableRow {
  id: string;
  cells: Partial<Record<LedgerColumnId, ReactNode>>;
}

const RENDER: Record<LedgerColumnId, (r: LedgerListRow, clock: ViewerClock) => ReactNode> = {
  entry: (r, clock) => (
    <span className="flex flex-col">
      <span className="font-mono font-medium tabular-nums" data-testid="seq">
        #{r.seq}
      </span>
      <Instant iso={r.occurredAt} clock={clock} stacked />
    </span>
  ),
  actor: (r) => (
    <span className="flex flex-col">
      <span data-testid="actor" className="wrap-anywhere">
        {r.actorEmail ?? r.actorId ?? "—"}
      </span>
      <span className="text-xs text-slate-500">{r.actorRole}</span>
    </span>
  ),
  // The purpose is what an auditor questions: in full, wrapped, never truncated.
  action: (r) => (
    <span className="flex min-w-36 max-w-72 flex-col">
      <span className="font-mono text-xs wrap-anywhere">{r.action}</span>
      <span className="text-xs wrap-break-word text-slate-500">{r.purpose || "—"}</span>
    </span>
  ),
  decision: (r) => (
    <span className="flex flex-col items-start gap-1 text-xs tabular-nums text-slate-600">
      <span data-decision={r.decision}>
        <Badge variant={DECISION_VARIANT[r.decision] ?? "neutral"}>{r.decision}</Badge>
      </span>
      <span data-testid="column-counts">
        <span className="whitespace-nowrap">{r.columnsShown.length} clear</span> · <span className="whitespace-nowrap">{r.columnsMasked.length} masked</span> ·{" "}
        <span className="whitespace-nowrap">{r.columnsDenied.length} withheld</span>
      </span>
      <span className="text-slate-500">{r.rowCount === 1 ? "1 row" : `${r.rowCount} rows`}</span>
    </span>
  ),
  tiers: (r) => <TierPair entry={r} />,
  resource: (r) => (
    <span className="flex flex-col font-mono text-xs wrap-anywhere">
      <span>{r.resource}</span>
      {r.recordId ? (
        <span className="text-slate-500" data-testid="record-id">
          {r.recordId}
        </span>
      ) : null}
    </span>
  ),
  request: (r) => <span className="font-mono text-xs wrap-anywhere">{r.requestId}</span>,
  policy: (r) => <span className="font-mono text-xs">{r.policyVersion}</span>,
};

export function ledgerTableRows(rows: readonly LedgerListRow[], columns: readonly LedgerColumnId[], clock: ViewerClock): LedgerTableRow[] {
  return rows.map((r) => ({ id: String(r.seq), cells: Object.fromEntries(columns.map((c) => [c, RENDER[c](r, clock)])) }));
}
