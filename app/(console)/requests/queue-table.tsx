"use client";
// The approval queue: one row per request, its tier, why, and how far it is from the approvals it needs. A row opens
// the request, where a privacy admin approves or denies it with a comment.
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Person } from "@/components/data/person";
import { TierBadge } from "@/components/ui/badge";
import type { AccessRequestRow } from "@/lib/scopes/list-access-requests";
import { ApprovalProgress, RequestStatusBadge } from "./request-status";

/** A row as the server prepared it: relative times already worded against the app clock. */
export interface QueueRow extends AccessRequestRow {
  createdText: string;
  createdAgo: string;
  pendingUntilText: string;
  durationText: string;
}

const col = dataTableColumns<QueueRow>();
const columns = col.columns([
  col.accessor("id", {
    header: "Request",
    meta: { rowLink: true },
    cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span>,
  }),
  col.accessor("createdAt", {
    id: "created",
    header: "Asked",
    enableSorting: true,
    cell: (c) => (
      <time dateTime={c.row.original.createdAt} title={c.row.original.createdText} className="tabular-nums">
        {c.row.original.createdAgo}
      </time>
    ),
  }),
  col.display({
    id: "requester",
    header: "Requester",
    meta: { wrap: true },
    cell: (c) => <Person name={c.row.original.requesterName} email={c.row.original.requesterEmail} />,
  }),
  col.display({
    id: "tier",
    header: "Tier · for · datasets",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <TierBadge tier={c.row.original.scope} />
        <span className="text-xs text-slate-600">
          {c.row.original.durationText} ·{" "}
          {c.row.original.datasets ? <span className="font-mono">{c.row.original.datasets.join(", ")}</span> : "every dataset"}
        </span>
      </span>
    ),
  }),
  col.display({
    id: "reason",
    header: "Reason · ticket",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex min-w-40 max-w-72 flex-col">
        <span className="wrap-break-word">{c.row.original.reason || "—"}</span>
        <span className="font-mono text-xs text-slate-600">{c.row.original.ticket ?? ""}</span>
      </span>
    ),
  }),
  col.display({
    id: "approvals",
    header: "Approvals · status",
    meta: { label: "Approvals" },
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <ApprovalProgress approvals={c.row.original.approvals} needed={c.row.original.approvalsNeeded} />
        {c.row.original.status === "pending" ? null : <RequestStatusBadge status={c.row.original.status} />}
      </span>
    ),
  }),
  col.accessor("pendingUntil", {
    id: "pending_until",
    header: "Times out",
    enableSorting: true,
    cell: (c) =>
      c.row.original.status === "pending" ? (
        <time dateTime={c.row.original.pendingUntil} className="tabular-nums">
          {c.row.original.pendingUntilText}
        </time>
      ) : (
        <span className="text-slate-500">—</span>
      ),
  }),
]);

const rowId = (r: QueueRow) => r.id;
const rowHref = (r: QueueRow) => `/requests/${r.id}`;

export function QueueTable(props: { rows: QueueRow[]; sorting: DataTableSort; pagination: DataTablePagination; filtered: boolean }) {
  return (
    <DataTable
      columns={columns}
      data={props.rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Access requests"
      emptyMessage={props.filtered ? "No request matches these filters" : "No requests are waiting"}
      emptyDescription={
        props.filtered
          ? "Clear a filter, or show every status."
          : "When someone asks for a tier, the request appears here and privacy admins get an inbox note."
      }
      sorting={props.sorting}
      pagination={props.pagination}
      cardBreakpoint="lg"
    />
  );
}
