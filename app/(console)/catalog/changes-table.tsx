"use client";
// A dataset's column changes, newest first (from the access ledger): when, who, which column, from → to, why.
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatUtc } from "@/components/data/format";

export interface CatalogChangeRow {
  seq: number;
  occurredAt: string;
  column: string;
  actorEmail: string | null;
  from: string;
  to: string;
  reason: string;
}

const col = dataTableColumns<CatalogChangeRow>();
const columns = col.columns([
  col.accessor("seq", {
    header: "Ledger seq",
    meta: { align: "end" },
    cell: (c) => <span className="font-mono">{c.getValue()}</span>,
  }),
  col.accessor("occurredAt", { header: "When", cell: (c) => <time dateTime={c.getValue()}>{formatUtc(c.getValue())}</time> }),
  col.accessor("actorEmail", {
    header: "By",
    meta: { wrap: true },
    cell: (c) => (c.getValue() ? <Breakable text={c.getValue()!} after="@" /> : <span className="text-slate-600">Unknown</span>),
  }),
  col.accessor("column", { header: "Column", cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  col.display({
    id: "change",
    header: "Change",
    meta: { wrap: true },
    cell: (c) => (
      <span className="text-xs">
        <span className="line-through decoration-slate-400">{c.row.original.from}</span> →{" "}
        <span className="font-medium text-slate-900">{c.row.original.to}</span>
      </span>
    ),
  }),
  col.accessor("reason", {
    header: "Why",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-64 text-xs wrap-break-word text-slate-700">{c.getValue()}</span>,
  }),
]);

const rowId = (r: CatalogChangeRow) => String(r.seq);

export function CatalogChangesTable({ rows, caption }: { rows: CatalogChangeRow[]; caption: string }) {
  return <DataTable columns={columns} data={rows} getRowId={rowId} caption={caption} emptyMessage="No changes yet." cardHeadingLevel={4} />;
}
