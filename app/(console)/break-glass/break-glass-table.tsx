"use client";
// Break-glass uses in the one DataTable: the privacy admins' queue and history (who, tier, when, why, review), and an
// analyst's own uses on the break-glass form's page. Overdue after-reviews are flagged in red.
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { formatUtc } from "@/components/data/format";
import { Person } from "@/components/data/person";
import { UtcTime } from "@/components/data/utc-time";
import { StateBadge, TierBadge, type BadgeStates } from "@/components/ui/badge";
import type { BreakGlassRow } from "@/lib/scopes/list-break-glass";
import { GrantStatusBadge } from "../grants/grant-cells";

const REVIEW_STATES: BadgeStates<"justified" | "revoke" | "overdue" | "awaiting"> = {
  justified: { label: "Justified", variant: "success" },
  revoke: { label: "Not justified", variant: "danger" },
  overdue: { label: "Review overdue", variant: "danger" },
  awaiting: { label: "Awaiting review", variant: "warning" },
};

export function ReviewBadge({ row }: { row: Pick<BreakGlassRow, "overdue" | "outcome" | "reviewedAt"> }) {
  return <StateBadge state={row.outcome ?? (row.overdue ? "overdue" : "awaiting")} states={REVIEW_STATES} attr="review-state" />;
}

const col = dataTableColumns<BreakGlassRow>();

const review = col.display({
  id: "review",
  header: "After-review",
  meta: { wrap: true },
  cell: (c) => {
    const r = c.row.original;
    return (
      <span className="flex flex-col items-start gap-1">
        <ReviewBadge row={r} />
        <span className="text-xs text-slate-600">
          {r.reviewedAt ? (
            <>
              {r.reviewerName} · {formatUtc(r.reviewedAt)}
            </>
          ) : r.afterReviewDueAt ? (
            <>due {formatUtc(r.afterReviewDueAt)}</>
          ) : null}
        </span>
      </span>
    );
  },
});

const adminColumns = col.columns([
  col.display({
    id: "who",
    header: "Used by",
    meta: { rowLink: true, wrap: true },
    cell: (c) => <Person name={c.row.original.userName} email={c.row.original.userEmail} />,
  }),
  col.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.accessor("activatedAt", { id: "activated", header: "Switched on", enableSorting: true, cell: (c) => <UtcTime at={c.getValue()} /> }),
  col.accessor("expiresAt", {
    header: "Until",
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <UtcTime at={c.row.original.endedAt ?? c.getValue()} />
        <GrantStatusBadge status={c.row.original.status} />
      </span>
    ),
  }),
  col.accessor("reason", { header: "Reason", meta: { wrap: true, className: "min-w-48 max-w-80" } }),
  { ...review, enableSorting: true, id: "due" },
]);

const reviewedColumns = col.columns([
  ...adminColumns.slice(0, 5),
  { ...review, enableSorting: true, id: "reviewed" },
  col.accessor("reviewComment", { header: "Comment", meta: { wrap: true, className: "min-w-40 max-w-72" }, cell: (c) => c.getValue() ?? "—" }),
]);

// An analyst's own uses: the same columns without "Used by".
const ownColumns = col.columns([...adminColumns.slice(1, 5), review]);

const rowId = (r: BreakGlassRow) => r.grantId;
const reviewHref = (r: BreakGlassRow) => `/break-glass/${r.grantId}`;

export function BreakGlassTable({
  rows,
  mode,
  sorting,
  pagination,
}: {
  rows: BreakGlassRow[];
  mode: "awaiting" | "reviewed" | "all" | "own";
  sorting: DataTableSort | null;
  pagination: DataTablePagination;
}) {
  const own = mode === "own";
  return (
    <DataTable
      columns={own ? ownColumns : mode === "reviewed" ? reviewedColumns : adminColumns}
      data={rows}
      getRowId={rowId}
      onRowHref={own ? undefined : reviewHref}
      caption={own ? "Your break-glass uses" : mode === "awaiting" ? "Break-glass uses awaiting after-review, overdue first" : "Break-glass uses"}
      emptyMessage={own ? "You have not used break-glass." : mode === "awaiting" ? "Nothing awaits after-review." : "No break-glass uses yet."}
      sorting={sorting}
      pagination={pagination}
    />
  );
}
