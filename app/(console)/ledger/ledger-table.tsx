"use client";
// The newest ledger entries: who read what, under which decision, and why.
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { formatUtc } from "@/components/data/format";
import { Badge, TierBadge } from "@/components/ui/badge";
import type { PrivacyTier } from "@/lib/core/tiers";
import type { LedgerListRow } from "@/lib/ledger/find-ledger-entries";

const DECISION_VARIANT = { allow: "success", mask: "warning", deny: "danger" } as const;

const col = dataTableColumns<LedgerListRow>();
// Related facts share a cell (action + purpose, decision + tier, columns + rows) so an entry reads as one line
// of evidence at laptop width without sideways scrolling.
const columns = col.columns([
  col.accessor("seq", { header: "Seq", meta: { align: "end" }, cell: (c) => <span className="font-mono">{c.getValue()}</span> }),
  col.accessor("occurredAt", {
    header: "Occurred",
    cell: (c) => {
      const text = formatUtc(c.getValue()); // "YYYY-MM-DD HH:MM UTC": date above, time below
      const cut = text.indexOf(" ");
      return (
        <time dateTime={c.getValue()} className="flex flex-col tabular-nums">
          <span>{text.slice(0, cut)}</span>
          <span className="text-xs text-slate-500">{text.slice(cut + 1)}</span>
        </time>
      );
    },
  }),
  col.display({
    id: "actor",
    header: "Actor",
    cell: (c) => (
      <span className="flex flex-col">
        <span data-testid="actor">{c.row.original.actorEmail ?? c.row.original.actorId ?? "—"}</span>
        <span className="text-xs text-slate-500">{c.row.original.actorRole}</span>
      </span>
    ),
  }),
  col.display({
    id: "action",
    header: "Action · purpose",
    meta: { className: "max-w-72" },
    cell: (c) => (
      <span className="flex flex-col">
        <span className="font-mono text-xs">{c.row.original.action}</span>
        <span className="truncate text-xs text-slate-500" title={c.row.original.purpose}>{c.row.original.purpose || "—"}</span>
      </span>
    ),
  }),
  col.display({
    id: "decision",
    header: "Decision · tier",
    cell: (c) => {
      const d = c.row.original.decision as keyof typeof DECISION_VARIANT;
      return (
        <span className="flex flex-col items-start gap-1">
          <span data-decision={d}>
            <Badge variant={DECISION_VARIANT[d] ?? "neutral"}>{d}</Badge>
          </span>
          <TierBadge tier={c.row.original.privacyTier as PrivacyTier} />
        </span>
      );
    },
  }),
  col.display({
    id: "resource",
    header: "Resource",
    cell: (c) => (
      <span className="flex flex-col font-mono text-xs">
        <span>{c.row.original.resource}</span>
        {c.row.original.recordId ? <span className="text-slate-500" data-testid="record-id">{c.row.original.recordId}</span> : null}
      </span>
    ),
  }),
  col.display({
    id: "columns",
    header: "Columns · rows",
    cell: (c) => {
      const r = c.row.original;
      const summary = `shown: ${r.columnsShown.join(", ") || "none"}\nmasked: ${r.columnsMasked.join(", ") || "none"}\nwithheld: ${r.columnsDenied.join(", ") || "none"}`;
      return (
        <span className="flex flex-col text-xs tabular-nums text-slate-600">
          <span title={summary} data-testid="column-counts">
            {r.columnsShown.length} clear · {r.columnsMasked.length} masked · {r.columnsDenied.length} withheld
          </span>
          <span className="text-slate-500">{r.rowCount === 1 ? "1 row" : `${r.rowCount} rows`}</span>
        </span>
      );
    },
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
