"use client";
// Access review campaigns: name, tiers, progress, due date and status. Each row opens the campaign's report.
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { formatUtcDate } from "@/components/data/format";
import { UtcTime } from "@/components/data/utc-time";
import { StateBadge, TierBadge, type BadgeStates } from "@/components/ui/badge";
import type { CampaignRow } from "@/lib/scopes/list-review-campaigns";
import { ProgressBar } from "./progress-bar";

const CAMPAIGN_STATES: BadgeStates<"open" | "closing" | "closed"> = {
  open: { label: "Open", variant: "info" },
  closing: { label: "Due: closing", variant: "warning" },
  closed: { label: "Closed", variant: "neutral" },
};

export function CampaignStatusBadge({ row }: { row: Pick<CampaignRow, "status" | "overdue"> }) {
  const state = row.status === "closed" ? "closed" : row.overdue ? "closing" : "open";
  return <StateBadge state={state} states={CAMPAIGN_STATES} attr="campaign-status" />;
}

const col = dataTableColumns<CampaignRow>();
const columns = col.columns([
  col.accessor("name", { header: "Campaign", enableSorting: true, meta: { wrap: true, className: "min-w-48" } }),
  col.accessor("scopes", {
    header: "Tiers",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-wrap gap-1">
        {c.getValue().map((s) => (
          <TierBadge key={s} tier={s} />
        ))}
      </span>
    ),
  }),
  col.display({
    id: "progress",
    header: "Progress",
    cell: (c) => {
      const r = c.row.original;
      return <ProgressBar done={r.total - r.counts.pending} total={r.total} label={`Progress of ${r.name}`} />;
    },
  }),
  col.display({
    id: "outcome",
    header: "Revoked",
    meta: { align: "end" },
    cell: (c) => c.row.original.counts.revoked + c.row.original.counts.auto_revoked,
  }),
  col.accessor("dueAt", {
    id: "due",
    header: "Due",
    enableSorting: true,
    cell: (c) => <UtcTime at={c.getValue()} />,
  }),
  col.display({ id: "status", header: "Status", cell: (c) => <CampaignStatusBadge row={c.row.original} /> }),
  col.accessor("createdAt", {
    id: "created",
    header: "Started",
    enableSorting: true,
    cell: (c) => (
      <span className="flex flex-col">
        <time dateTime={c.getValue()}>{formatUtcDate(c.getValue())}</time>
        <span className="text-xs text-slate-500">{c.row.original.createdByName}</span>
      </span>
    ),
  }),
]);

const rowId = (r: CampaignRow) => r.id;
const rowHref = (r: CampaignRow) => `/reviews/${r.id}`;

export function CampaignsTable({
  rows,
  sorting,
  pagination,
}: {
  rows: CampaignRow[];
  sorting: DataTableSort | null;
  pagination: DataTablePagination;
}) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Access review campaigns"
      emptyMessage="No access reviews yet."
      emptyDescription="A privacy admin starts one over the active grants in chosen tiers."
      sorting={sorting}
      pagination={pagination}
    />
  );
}
