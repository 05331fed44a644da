"use client";
// Break-glass uses in the one DataTable: the privacy admins' queue and history (who, tier, when, why, review), and an
// analyst's own uses on the break-glass form's page. Overdue after-reviews are flagged in red.
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatUtc } from "@/components/data/format";
import { Badge, TierBadge } from "@/components/ui/badge";
import type { BreakGlassRow } from "@/lib/scopes/list-break-glass";

const STATUS_VARIANT = { active: "success", expired: "neutral", revoked: "danger", relinquished: "neutral" } as const;

export function GrantStatusBadge({ status }: { status: BreakGlassRow["status"] }) {
  return (
    <span data-grant-status={status}>
      <Badge variant={STATUS_VARIANT[status] ?? "neutral"}>{status}</Badge>
    </span>
  );
}

export function ReviewBadge({ row }: { row: Pick<BreakGlassRow, "overdue" | "outcome" | "reviewedAt"> }) {
  const state = row.outcome ?? (row.overdue ? "overdue" : "awaiting");
  const [variant, text] =
    state === "justified"
      ? (["success", "Justified"] as const)
      : state === "revoke"
        ? (["danger", "Not justified"] as const)
        : state === "overdue"
          ? (["danger", "Review overdue"] as const)
          : (["warning", "Awaiting review"] as const);
  return (
    <span data-review-state={state}>
      <Badge variant={variant}>{text}</Badge>
    </span>
  );
}

const col = dataTableColumns<BreakGlassRow>();

const when = (iso: string | null) => (iso ? <time dateTime={iso}>{formatUtc(iso)}</time> : "—");

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
    cell: (c) => (
      <span className="flex flex-col">
        <span>{c.row.original.userName}</span>
        <span className="text-xs font-normal text-slate-500">
          <Breakable text={c.row.original.userEmail} after="@" />
        </span>
      </span>
    ),
  }),
  col.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.accessor("activatedAt", { id: "activated", header: "Switched on", enableSorting: true, cell: (c) => when(c.getValue()) }),
  col.accessor("expiresAt", {
    header: "Until",
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        {when(c.row.original.endedAt ?? c.getValue())}
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

const ownColumns = col.columns([
  col.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.accessor("activatedAt", { id: "activated", header: "Switched on", enableSorting: true, cell: (c) => when(c.getValue()) }),
  col.accessor("expiresAt", {
    header: "Until",
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        {when(c.row.original.endedAt ?? c.getValue())}
        <GrantStatusBadge status={c.row.original.status} />
      </span>
    ),
  }),
  col.accessor("reason", { header: "Reason", meta: { wrap: true, className: "min-w-48 max-w-80" } }),
  review,
]);

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
