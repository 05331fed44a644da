"use client";
// Failed tries, newest first: when, which job, which try, the error, and what became of the job since.
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { formatAgo, formatRelative, formatUtc } from "@/components/data/format";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { JobFailureRow } from "@/lib/jobs/find-job-failures";

export type JobFailureTableRow = JobFailureRow & { asOf: string };

const STATUS: Record<JobFailureRow["status"], { label: string; variant: BadgeVariant }> = {
  failed: { label: "gave up", variant: "danger" },
  retrying: { label: "will retry", variant: "warning" },
  running: { label: "retrying now", variant: "info" },
  succeeded: { label: "succeeded later", variant: "success" },
};

const col = dataTableColumns<JobFailureTableRow>();
const columns = col.columns([
  col.accessor("at", {
    header: "When",
    cell: (c) => (
      <time dateTime={c.getValue()} title={formatUtc(c.getValue())} className="flex flex-col text-xs">
        <span className="text-slate-800">{formatAgo(c.getValue(), new Date(c.row.original.asOf))}</span>
        <span className="text-slate-500">{formatUtc(c.getValue())}</span>
      </time>
    ),
  }),
  col.display({
    id: "job",
    header: "Job",
    cell: (c) => (
      <span className="flex flex-col font-mono text-xs">
        <span>{c.row.original.kind}</span>
        <span className="text-slate-500">{c.row.original.jobId}</span>
      </span>
    ),
  }),
  col.display({
    id: "try",
    header: "Try",
    meta: { align: "end" },
    cell: (c) => `${c.row.original.attempt} of ${c.row.original.maxAttempts}`,
  }),
  col.display({
    id: "status",
    header: "Since then",
    cell: (c) => {
      const r = c.row.original;
      const s = STATUS[r.status];
      return (
        <span className="flex flex-col items-start gap-0.5">
          <Badge variant={s.variant}>{s.label}</Badge>
          {r.nextTryAt ? (
            <time dateTime={r.nextTryAt} title={formatUtc(r.nextTryAt)} className="text-xs text-slate-600">
              {formatRelative(r.nextTryAt, new Date(r.asOf))}
            </time>
          ) : null}
        </span>
      );
    },
  }),
  col.accessor("error", {
    header: "Error",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-xl text-xs wrap-break-word whitespace-pre-line text-red-800">{c.getValue()}</span>,
  }),
]);

const rowId = (r: JobFailureTableRow) => r.jobId;

export function JobFailuresTable({
  rows,
  emptyMessage,
  pagination,
}: {
  rows: JobFailureTableRow[];
  emptyMessage: string;
  pagination: DataTablePagination;
}) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      caption="Failed tries of background jobs, newest first"
      emptyMessage={emptyMessage}
      emptyDescription="A failed try is kept here with its error for 30 days, whatever became of the job."
      pagination={pagination}
    />
  );
}
