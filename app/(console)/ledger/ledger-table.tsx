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
const columns = col.columns([
  col.accessor("seq", { header: "Seq", meta: { align: "end" }, cell: (c) => <span className="font-mono">{c.getValue()}</span> }),
  col.accessor("occurredAt", { header: "Occurred (UTC)", cell: (c) => <time dateTime={c.getValue()}>{formatUtc(c.getValue())}</time> }),
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
  col.accessor("action", { header: "Action", cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("decision", {
    header: "Decision",
    cell: (c) => {
      const d = c.getValue() as keyof typeof DECISION_VARIANT;
      return <span data-decision={d}><Badge variant={DECISION_VARIANT[d] ?? "neutral"}>{d}</Badge></span>;
    },
  }),
  col.accessor("privacyTier", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue() as PrivacyTier} /> }),
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
    header: "Columns",
    cell: (c) => {
      const r = c.row.original;
      const summary = `shown: ${r.columnsShown.join(", ") || "none"}\nmasked: ${r.columnsMasked.join(", ") || "none"}\nwithheld: ${r.columnsDenied.join(", ") || "none"}`;
      return (
        <span title={summary} className="text-xs tabular-nums text-slate-600" data-testid="column-counts">
          {r.columnsShown.length} clear · {r.columnsMasked.length} masked · {r.columnsDenied.length} withheld
        </span>
      );
    },
  }),
  col.accessor("rowCount", { header: "Rows", meta: { align: "end" } }),
  col.accessor("purpose", { header: "Purpose", meta: { className: "max-w-64 truncate" }, cell: (c) => <span title={c.getValue()}>{c.getValue() || "—"}</span> }),
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
