"use client";
// The ledger entries in the one DataTable. Rows arrive compact and pre-formatted (ledger-rows.ts); the cells below
// keep their markup small, since 50 rows render on every page. Each cell renders once: phones get the same table
// restyled as cards (`cards="restyle"`), not a second rendering of every cell (decision 020, "Render speed").
import { useMemo, type ReactNode } from "react";
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { TIER_LABELS } from "@/lib/core/tiers";
import { LEDGER_COLUMN_LABELS, type LedgerColumnId, type LedgerTableRow } from "./ledger-columns";

const DECISION_CLASS = { allow: "bg-emerald-50 text-emerald-800", mask: "bg-amber-50 text-amber-800", deny: "bg-red-50 text-red-700" } as const;

const CELLS: Record<LedgerColumnId, (r: LedgerTableRow) => ReactNode> = {
  entry: (r) => (
    <span className="flex flex-col tabular-nums">
      <span className="font-mono" data-testid="seq">{`#${r.s}`}</span>
      <span className="text-xs font-normal text-slate-700">{`${r.u} UTC`}</span>
      {r.l ? <span className="text-xs font-normal text-slate-500">{`${r.l} local`}</span> : null}
    </span>
  ),
  actor: (r) => (
    <span className="flex flex-col wrap-anywhere">
      <span data-testid="actor">{r.a}</span>
      <span className="text-xs text-slate-500">{r.r}</span>
    </span>
  ),
  // The purpose is what an auditor questions: in full, wrapped, never truncated.
  action: (r) => (
    <span className="flex min-w-36 max-w-72 flex-col text-xs">
      <span className="font-mono wrap-anywhere">{r.x}</span>
      <span className="wrap-break-word text-slate-500">{r.p || "—"}</span>
    </span>
  ),
  // Tiers told apart: what the access asked for, and what it showed in clear (decision 017).
  decision: (r) => (
    <span className="flex flex-col items-start text-xs tabular-nums text-slate-600">
      <span className={`rounded px-1.5 font-medium ${DECISION_CLASS[r.d!] ?? ""}`} data-decision={r.d}>
        {r.d}
      </span>
      <span data-testid="tiers" data-asked={r.ta} data-shown={r.ts}>
        {`asked ${TIER_LABELS[r.ta!] ?? r.ta} · shown `}
        {r.ts === "not_recorded" ? (
          <span className="text-amber-700" title="Written before the ledger recorded the tier shown in clear">
            not recorded
          </span>
        ) : r.ts === "nothing" ? (
          "nothing in clear"
        ) : (
          TIER_LABELS[r.ts!]
        )}
      </span>
      <span data-testid="column-counts">{`${r.c![0]} clear · ${r.c![1]} masked · ${r.c![2]} withheld`}</span>
      <span className="text-slate-500">{r.n === 1 ? "1 row" : `${r.n} rows`}</span>
    </span>
  ),
  resource: (r) => (
    <span className="flex flex-col font-mono text-xs wrap-anywhere">
      <span>{r.o}</span>
      {r.k ? (
        <span className="text-slate-500" data-testid="record-id">
          {r.k}
        </span>
      ) : null}
    </span>
  ),
  request: (r) => <span className="font-mono text-xs wrap-anywhere">{r.q}</span>,
  policy: (r) => <span className="font-mono text-xs">{r.v}</span>,
};

const col = dataTableColumns<LedgerTableRow>();
const WRAP: Partial<Record<LedgerColumnId, boolean>> = { actor: true, action: true, decision: true, resource: true, request: true };
const rowId = (r: LedgerTableRow) => String(r.s);
const rowHref = (r: LedgerTableRow) => `/ledger/${r.s}`;

export function LedgerTable({
  rows,
  columns: visible,
  newestFirst,
  pagination,
  emptyMessage,
}: {
  rows: LedgerTableRow[];
  columns: LedgerColumnId[];
  newestFirst: boolean;
  pagination: DataTablePagination;
  emptyMessage: string;
}) {
  const key = visible.join(",");
  const columns = useMemo(
    () =>
      col.columns(
        (key.split(",") as LedgerColumnId[]).map((id) =>
          col.display({
            id: id === "entry" ? "seq" : id,
            header: LEDGER_COLUMN_LABELS[id],
            // Only seq order exists (time rises with seq); the entry column's header flips it.
            enableSorting: id === "entry",
            sortDescFirst: true,
            meta: { wrap: WRAP[id] ?? false },
            cell: (c) => CELLS[id](c.row.original),
          }),
        ),
      ),
    [key],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption={newestFirst ? "Access ledger entries, newest first" : "Access ledger entries, oldest first"}
      emptyMessage={emptyMessage}
      sorting={{ id: "seq", desc: newestFirst }}
      pagination={pagination}
      cards="restyle"
    />
  );
}
