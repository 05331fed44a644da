"use client";
// The purge run history: mode, status (with progress while it moves), the counts and the duration.
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import type { PurgeMode, PurgeRunStatus } from "@/lib/holds/types";
import { PurgeProgress, PurgeStatusBadge } from "./purge-status";

export interface PurgeRunTableRow {
  id: string;
  mode: PurgeMode;
  status: PurgeRunStatus;
  trigger: string;
  startedText: string;
  candidates: number;
  deleted: number;
  heldBack: number;
  progressDone: number;
  progressTotal: number;
  counting: boolean;
  durationText: string;
}

const n = (x: number) => x.toLocaleString("en-US");
const col = dataTableColumns<PurgeRunTableRow>();
const columns = col.columns([
  col.accessor("id", { header: "Run", meta: { rowLink: true }, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("startedText", { header: "Started", cell: (c) => <span className="tabular-nums">{c.getValue()}</span> }),
  col.display({
    id: "mode",
    header: "Mode",
    cell: (c) => (
      <span className="flex flex-col text-sm">
        <span>{c.row.original.mode === "execute" ? "Execute" : "Dry-run"}</span>
        <span className="text-xs text-slate-600">{c.row.original.trigger}</span>
      </span>
    ),
  }),
  col.display({
    id: "status",
    header: "Status",
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <PurgeStatusBadge status={c.row.original.status} />
        {c.row.original.status === "running" || c.row.original.status === "queued" ? (
          <PurgeProgress done={c.row.original.progressDone} total={c.row.original.progressTotal} counting={c.row.original.counting} />
        ) : null}
      </span>
    ),
  }),
  col.accessor("candidates", { header: "Candidates", cell: (c) => <span className="tabular-nums">{n(c.getValue())}</span> }),
  col.accessor("heldBack", {
    header: "Held back",
    cell: (c) => (
      <span className="tabular-nums" data-held-back={c.getValue()}>
        {n(c.getValue())}
      </span>
    ),
  }),
  col.accessor("deleted", {
    header: "Deleted",
    cell: (c) => (
      <span className="tabular-nums" data-deleted={c.getValue()}>
        {n(c.getValue())}
      </span>
    ),
  }),
  col.accessor("durationText", { header: "Duration", cell: (c) => <span className="tabular-nums">{c.getValue()}</span> }),
]);

const rowId = (r: PurgeRunTableRow) => r.id;
const rowHref = (r: PurgeRunTableRow) => `/purge/${r.id}`;

export function PurgeRunsTable(props: { rows: PurgeRunTableRow[]; pagination: DataTablePagination }) {
  return (
    <DataTable
      columns={columns}
      data={props.rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Purge runs"
      emptyMessage="No purge run yet"
      emptyDescription="A dry-run shows what retention would delete and what the holds keep back, without deleting anything."
      pagination={props.pagination}
      cardBreakpoint="lg"
    />
  );
}
