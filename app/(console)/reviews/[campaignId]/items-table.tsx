"use client";
// The items of one campaign: grantee, tier, the grant's expiry, the decision, who decided and why; and for a privacy
// admin other than the grantee, certify or revoke.
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { formatUtc } from "@/components/data/format";
import { Person } from "@/components/data/person";
import { UtcTime } from "@/components/data/utc-time";
import { StateBadge, TierBadge, type BadgeStates } from "@/components/ui/badge";
import type { ReviewDecision } from "@/lib/scopes/decide-review-item";
import type { ReviewItemRow } from "@/lib/scopes/review-report";
import { GrantStatusBadge } from "../../grants/grant-cells";
import { DecideItemForm } from "./decide-item-form";

/** What the viewer can do with an item: decide it, or why not. */
export type ItemAction = "decide" | "own" | "ended" | null;
export type ItemRow = ReviewItemRow & { action: ItemAction; campaignId: string; back: string };

const DECISIONS: BadgeStates<ReviewDecision> = {
  pending: { label: "Awaiting decision", variant: "warning" },
  certified: { label: "Certified", variant: "success" },
  revoked: { label: "Revoked", variant: "danger" },
  auto_revoked: { label: "Revoked at due date", variant: "danger" },
  grant_ended: { label: "Grant had ended", variant: "neutral" },
};

const col = dataTableColumns<ItemRow>();
const columns = col.columns([
  col.display({
    id: "grantee",
    header: "Grantee",
    enableSorting: true,
    meta: { wrap: true, className: "min-w-40" },
    cell: (c) => <Person name={c.row.original.granteeName} email={c.row.original.granteeEmail} />,
  }),
  col.accessor("scope", { id: "tier", header: "Tier", enableSorting: true, cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.accessor("grantExpiresAt", {
    id: "expires",
    header: "Grant expires",
    enableSorting: true,
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <UtcTime at={c.getValue()} />
        <GrantStatusBadge status={c.row.original.grantStatus} />
      </span>
    ),
  }),
  col.accessor("decision", {
    header: "Decision",
    enableSorting: true,
    cell: (c) => <StateBadge state={c.getValue()} states={DECISIONS} attr="decision" />,
  }),
  col.display({
    id: "decided",
    header: "Reviewer · comment",
    enableSorting: true,
    meta: { wrap: true, label: "Reviewer", className: "min-w-40 max-w-72" },
    cell: (c) => {
      const r = c.row.original;
      if (!r.decidedAt) return "—";
      return (
        <span className="flex flex-col">
          <span>
            {r.reviewerName} <span className="text-xs text-slate-500">· {formatUtc(r.decidedAt)}</span>
          </span>
          {r.comment ? <span className="text-xs wrap-break-word text-slate-600">{r.comment}</span> : null}
        </span>
      );
    },
  }),
  col.display({
    id: "actions",
    header: "Certify or revoke",
    meta: { label: "Decide", wrap: true },
    cell: (c) => {
      const r = c.row.original;
      if (r.action === "decide") return <DecideItemForm itemId={r.id} campaignId={r.campaignId} back={r.back} grantee={r.granteeName} />;
      if (r.action === "own") return <span className="text-xs text-slate-600">Your own grant: another privacy admin decides.</span>;
      if (r.action === "ended") return <span className="text-xs text-slate-600">The grant has ended ({r.grantStatus}): nothing to decide.</span>;
      return null;
    },
  }),
]);

const rowId = (r: ItemRow) => r.id;

export function ItemsTable({ rows, sorting, pagination }: { rows: ItemRow[]; sorting: DataTableSort; pagination: DataTablePagination }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      caption="Items of this access review"
      emptyMessage="No items match this filter."
      sorting={sorting}
      pagination={pagination}
    />
  );
}
