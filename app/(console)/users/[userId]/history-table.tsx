"use client";
// A console user's access history, newest first: one row per event (request, decision, grant start or end,
// review, after-review, account change), with who acted and what they wrote.
import { useMemo } from "react";
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Person } from "@/components/data/person";
import { formatAgo, formatUtc } from "@/components/data/format";
import { TierBadge } from "@/components/ui/badge";
import type { HistoryEventKind } from "@/lib/scopes/access-history";
import type { Scope } from "@/lib/core/tiers";

export interface HistoryRow {
  key: string;
  at: string;
  kind: HistoryEventKind;
  title: string;
  detail: string | null;
  scope: Scope | null;
  ref: string | null;
  by: { name: string; email: string } | null;
  note: string | null;
}

function columnsAt(nowIso: string) {
  const now = new Date(nowIso);
  const col = dataTableColumns<HistoryRow>();
  return col.columns([
    col.accessor("at", {
      header: "When",
      cell: (c) => (
        <time dateTime={c.getValue()} title={formatAgo(c.getValue(), now)} className="tabular-nums">
          {formatUtc(c.getValue())}
        </time>
      ),
    }),
    col.accessor("title", {
      header: "Event",
      meta: { wrap: true },
      cell: (c) => (
        <span className="flex flex-col" data-kind={c.row.original.kind}>
          <span className="font-medium text-slate-900">{c.getValue()}</span>
          {c.row.original.detail ? <span className="text-xs text-slate-600">{c.row.original.detail}</span> : null}
        </span>
      ),
    }),
    col.accessor("scope", {
      header: "Tier",
      cell: (c) => (c.getValue() ? <TierBadge tier={c.getValue()!} /> : <span className="text-slate-500">—</span>),
    }),
    col.accessor("by", {
      header: "By",
      meta: { wrap: true },
      cell: (c) => {
        const by = c.getValue();
        if (!by) return <span className="text-slate-600">System</span>;
        return <Person name={by.name} email={by.email} />;
      },
    }),
    col.accessor("note", {
      header: "Reason · comment",
      meta: { wrap: true },
      cell: (c) => <span className="block max-w-80 wrap-break-word text-slate-700">{c.getValue() || "—"}</span>,
    }),
    col.accessor("ref", { header: "Reference", cell: (c) => <span className="font-mono text-xs text-slate-600">{c.getValue() ?? "—"}</span> }),
  ]);
}

const rowId = (r: HistoryRow) => r.key;

export function HistoryTable({ rows, pagination, nowIso }: { rows: HistoryRow[]; pagination: DataTablePagination; nowIso: string }) {
  const columns = useMemo(() => columnsAt(nowIso), [nowIso]);
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      caption="Access history, newest first"
      emptyMessage="No access history yet."
      emptyDescription="Requests, grants, reviews and account changes about this person will appear here."
      pagination={pagination}
    />
  );
}
