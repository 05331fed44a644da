"use client";
// One dataset's retention policy versions, newest first: the terms of each, when, by whom and why.
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatUtc } from "@/components/data/format";

export interface RetentionVersionRow {
  version: number;
  current: boolean;
  days: number;
  dateColumn: string;
  overrides: string;
  createdAt: string;
  createdByEmail: string | null;
  changeReason: string | null;
}

const col = dataTableColumns<RetentionVersionRow>();
const columns = col.columns([
  col.accessor("version", {
    header: "Version",
    meta: { align: "end" },
    cell: (c) => (
      <span className="font-mono">
        v{c.getValue()}
        {c.row.original.current ? <span className="ml-1 font-sans text-xs text-emerald-700">in force</span> : null}
      </span>
    ),
  }),
  col.display({
    id: "terms",
    header: "Terms",
    meta: { wrap: true },
    cell: (c) => (
      <span className="text-xs">
        {c.row.original.days} days from <span className="font-mono">{c.row.original.dateColumn}</span>
        {c.row.original.overrides ? <span className="font-mono"> · {c.row.original.overrides}</span> : null}
      </span>
    ),
  }),
  col.accessor("createdAt", { header: "When", cell: (c) => <time dateTime={c.getValue()}>{formatUtc(c.getValue())}</time> }),
  col.accessor("createdByEmail", {
    header: "By",
    meta: { wrap: true },
    cell: (c) => (c.getValue() ? <Breakable text={c.getValue()!} after="@" /> : <span className="text-slate-600">Warden (default)</span>),
  }),
  col.accessor("changeReason", {
    header: "Why",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-64 text-xs wrap-break-word text-slate-700">{c.getValue() ?? ""}</span>,
  }),
]);

const rowId = (r: RetentionVersionRow) => String(r.version);

export function RetentionHistoryTable({ rows, caption }: { rows: RetentionVersionRow[]; caption: string }) {
  return <DataTable columns={columns} data={rows} getRowId={rowId} caption={caption} emptyMessage="No versions yet." cardHeadingLevel={4} />;
}
