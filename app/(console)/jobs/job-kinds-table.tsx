"use client";
// One row per kind of job: its schedule, last run (when, outcome, duration, summary or error), next run, queued
// one-offs and failures. A row links to the kind's failed tries below.
import { DataTable, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { formatAgo, formatNumber, formatRelative, formatUtc } from "@/components/data/format";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { JobKindStatus, LastRun } from "@/lib/jobs/list-job-status";
import { describeMs } from "@/lib/scopes/durations";

export type JobKindRow = JobKindStatus & { asOf: string };

const OUTCOME: Record<LastRun["outcome"], { label: string; variant: BadgeVariant }> = {
  succeeded: { label: "succeeded", variant: "success" },
  retrying: { label: "failed, will retry", variant: "warning" },
  failed: { label: "failed", variant: "danger" },
};

const col = dataTableColumns<JobKindRow>();
const columns = col.columns([
  col.accessor("kind", {
    header: "Kind",
    enableSorting: true,
    meta: { wrap: true, rowLink: true },
    cell: (c) => {
      const r = c.row.original;
      return (
        <span className="flex min-w-48 max-w-80 flex-col gap-0.5">
          <span className="font-mono text-xs">{r.kind}</span>
          <span className="text-xs text-slate-600">{r.title}</span>
          <span className="text-xs text-slate-500">
            {r.known ? (
              r.everyMs ? (
                `every ${describeMs(r.everyMs).replace(/^1 /, "")}`
              ) : (
                "one-off, when enqueued"
              )
            ) : (
              <Badge variant="warning">not run by this deployment</Badge>
            )}
          </span>
        </span>
      );
    },
  }),
  col.display({
    id: "lastRun",
    header: "Last run",
    enableSorting: true,
    sortDescFirst: true,
    meta: { wrap: true },
    cell: (c) => {
      const r = c.row.original;
      const asOf = new Date(r.asOf);
      if (r.running) {
        return (
          <span className="flex flex-col items-start gap-0.5">
            <Badge variant="info">running</Badge>
            <time dateTime={r.running.since} title={formatUtc(r.running.since)} className="text-xs text-slate-600">
              since {formatAgo(r.running.since, asOf)}
            </time>
          </span>
        );
      }
      if (!r.lastRun) return <span className="text-xs text-slate-500">never run</span>;
      const o = OUTCOME[r.lastRun.outcome];
      return (
        <span className="flex flex-col items-start gap-0.5" data-outcome={r.lastRun.outcome}>
          <Badge variant={o.variant}>{o.label}</Badge>
          <span className="text-xs text-slate-600">
            <time dateTime={r.lastRun.at} title={formatUtc(r.lastRun.at)}>
              {formatAgo(r.lastRun.at, asOf)}
            </time>
            {r.lastRun.durationMs !== null ? <span className="whitespace-nowrap"> · took {duration(r.lastRun.durationMs)}</span> : null}
          </span>
        </span>
      );
    },
  }),
  col.display({
    id: "result",
    header: "Result",
    meta: { wrap: true, label: "Summary or error" },
    cell: (c) => {
      const run = c.row.original.lastRun;
      if (!run) return <span className="text-xs text-slate-500">—</span>;
      if (run.error) return <span className="block max-w-96 text-xs wrap-break-word text-red-800">{run.error}</span>;
      return <span className="block max-w-80 font-mono text-xs wrap-break-word text-slate-700">{summaryText(run.summary)}</span>;
    },
  }),
  col.display({
    id: "nextRun",
    header: "Next run",
    enableSorting: true,
    cell: (c) => {
      const r = c.row.original;
      if (!r.nextRunAt) return <span className="text-xs text-slate-500">{r.everyMs ? "not scheduled yet" : "nothing queued"}</span>;
      const overdue = Date.parse(r.nextRunAt) <= Date.parse(r.asOf);
      return (
        <time dateTime={r.nextRunAt} title={formatUtc(r.nextRunAt)} className="text-xs text-slate-700">
          {overdue ? `due ${formatAgo(r.nextRunAt, new Date(r.asOf)).replace("just now", "now")}` : formatRelative(r.nextRunAt, new Date(r.asOf))}
        </time>
      );
    },
  }),
  col.display({
    id: "queued",
    header: "Queued",
    meta: { align: "end", label: "Queued one-offs" },
    cell: (c) => {
      const r = c.row.original;
      return (
        <span className="flex flex-col text-xs">
          <span>{formatNumber(r.queued)}</span>
          {r.retrying ? <span className="text-amber-800">{r.retrying} to retry</span> : null}
        </span>
      );
    },
  }),
  col.accessor("failed", {
    header: "Failed (30 d)",
    enableSorting: true,
    sortDescFirst: true,
    meta: { align: "end" },
    cell: (c) =>
      c.getValue() > 0 ? <Badge variant="danger">{formatNumber(c.getValue())}</Badge> : <span className="text-xs text-slate-500">0</span>,
  }),
]);

const rowId = (r: JobKindRow) => r.kind;
const rowHref = (r: JobKindRow) => `/jobs?kind=${encodeURIComponent(r.kind)}#failures`;

export function JobKindsTable({ rows, sorting }: { rows: JobKindRow[]; sorting: DataTableSort }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Kinds of background job, with their last and next runs"
      emptyMessage="This deployment runs no kinds of job."
      sorting={sorting}
    />
  );
}

/** `{"expired":2,"reminded":0}` → `expired 2 · reminded 0`; anything else as it is. */
function summaryText(summary: string | null): string {
  if (!summary) return "—";
  try {
    const value: unknown = JSON.parse(summary);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const parts = Object.entries(value).map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
      return parts.length ? parts.join(" · ") : "done";
    }
  } catch {
    // shown as stored
  }
  return summary;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
