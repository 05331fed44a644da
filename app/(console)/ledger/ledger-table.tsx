"use client";
// The newest ledger entries: who read what, under which decision, and why.
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { UtcTime } from "@/components/data/utc-time";
import { Badge, TierBadge } from "@/components/ui/badge";
import type { PrivacyTier } from "@/lib/core/tiers";
import type { LedgerListRow } from "@/lib/ledger/find-ledger-entries";

const DECISION_VARIANT = { allow: "success", mask: "warning", deny: "danger" } as const;

const col = dataTableColumns<LedgerListRow>();
// Related facts share a cell (seq + time, actor + role, action + purpose, decision + tier + columns, resource +
// record id), so an entry reads as one line of evidence in five columns. Nothing is cut off or hidden behind a
// hover: long values wrap at their separators (Breakable) and the purpose wraps in full. That keeps the table inside
// its pane down to 1024 px with the sidebar (703 px of pane); below md each entry is a card (DataTable).
const columns = col.columns([
  col.accessor("seq", {
    header: "Entry",
    cell: (c) => {
      return (
        <span className="flex flex-col">
          <span className="font-mono font-medium tabular-nums" data-testid="seq">
            #{c.getValue()}
          </span>
          <UtcTime at={c.row.original.occurredAt} split />
        </span>
      );
    },
  }),
  col.display({
    id: "actor",
    header: "Actor",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-col">
        <span data-testid="actor" className="wrap-break-word">
          <Breakable text={c.row.original.actorEmail ?? c.row.original.actorId ?? "—"} after="@" />
        </span>
        <span className="text-xs text-slate-500">{c.row.original.actorRole}</span>
      </span>
    ),
  }),
  col.display({
    id: "action",
    header: "Action · purpose",
    meta: { wrap: true },
    cell: (c) => (
      // The purpose is what an auditor questions: shown in full, wrapped, never truncated. The max width caps what
      // a long purpose claims of a wide screen, so the other columns keep their values on one line.
      <span className="flex min-w-36 max-w-72 flex-col">
        <span className="font-mono text-xs">
          <Breakable text={c.row.original.action} />
        </span>
        <span className="text-xs wrap-break-word text-slate-500">{c.row.original.purpose || "—"}</span>
      </span>
    ),
  }),
  col.display({
    id: "decision",
    header: "Decision",
    meta: { wrap: true, label: "Decision · tier · columns" },
    cell: (c) => {
      const r = c.row.original;
      const d = r.decision as keyof typeof DECISION_VARIANT;
      const summary = `shown: ${r.columnsShown.join(", ") || "none"}\nmasked: ${r.columnsMasked.join(", ") || "none"}\nwithheld: ${r.columnsDenied.join(", ") || "none"}`;
      return (
        <span className="flex flex-col items-start gap-1">
          <span className="flex flex-wrap gap-1">
            <span data-decision={d}>
              <Badge variant={DECISION_VARIANT[d] ?? "neutral"}>{d}</Badge>
            </span>
            <TierBadge tier={r.privacyTier as PrivacyTier} />
          </span>
          <span className="flex flex-col text-xs tabular-nums text-slate-600">
            {/* Wraps only between the counts, never inside one. The column names are in the title. */}
            <span title={summary} data-testid="column-counts">
              <span className="whitespace-nowrap">{r.columnsShown.length} clear</span> ·{" "}
              <span className="whitespace-nowrap">{r.columnsMasked.length} masked</span> ·{" "}
              <span className="whitespace-nowrap">{r.columnsDenied.length} withheld</span>
            </span>
            <span className="text-slate-500">{r.rowCount === 1 ? "1 row" : `${r.rowCount} rows`}</span>
          </span>
        </span>
      );
    },
  }),
  col.display({
    id: "resource",
    header: "Resource · record",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-col font-mono text-xs wrap-break-word">
        <span>
          <Breakable text={c.row.original.resource} />
        </span>
        {c.row.original.recordId ? (
          <span className="text-slate-500" data-testid="record-id">
            {c.row.original.recordId}
          </span>
        ) : null}
      </span>
    ),
  }),
]);

const rowId = (r: LedgerListRow) => String(r.seq);

export function LedgerTable({ rows, pagination }: { rows: LedgerListRow[]; pagination: DataTablePagination }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      caption="Access ledger entries, newest first"
      emptyMessage="The ledger has no entries yet."
      pagination={pagination}
    />
  );
}
