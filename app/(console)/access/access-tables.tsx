"use client";
// The tables of My access: grants held now (with time left and a way to give them back), pending requests (with a
// way to withdraw them), the rules of each tier, and recent requests. All on the one DataTable.
import Link from "next/link";
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { TierBadge } from "@/components/ui/badge";
import { TIER_LABELS } from "@/lib/core/tiers";
import type { AccessRequestRow } from "@/lib/scopes/list-access-requests";
import type { ActiveGrant } from "@/lib/scopes/list-active-grants";
import type { ScopePolicy } from "@/lib/scopes/get-policy";
import { ApprovalProgress, RequestStatusBadge } from "../requests/request-status";
import { cancelRequestAction, giveBackAction } from "./actions";
import { RowAction } from "./row-action";

/** Times already worded by the server against the app clock (no second clock in the browser); ISO times for <time>. */
export interface GrantView extends Pick<ActiveGrant, "id" | "scope" | "source" | "requestId" | "datasets"> {
  activatedAt: string;
  expiresAt: string;
  sinceText: string;
  timeLeftText: string;
  untilText: string;
}

export interface RequestView extends AccessRequestRow {
  askedText: string;
  decidedText: string;
  timesOutText: string;
  durationText: string;
}

export interface PolicyView extends Pick<
  ScopePolicy,
  "scope" | "version" | "approvalsRequired" | "reasonRequired" | "ticketPattern" | "breakGlassAllowed"
> {
  maxDurationText: string;
  pendingText: string;
  breakGlassText: string;
}

const SOURCE: Record<ActiveGrant["source"], string> = { request: "Your request", direct: "Granted by a privacy admin", break_glass: "Break-glass" };

const grant = dataTableColumns<GrantView>();
const grantColumns = grant.columns([
  grant.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  grant.display({
    id: "datasets",
    header: "Datasets",
    meta: { wrap: true },
    cell: (c) => (c.row.original.datasets ? <span className="font-mono text-xs">{c.row.original.datasets.join(", ")}</span> : "Every dataset"),
  }),
  grant.display({
    id: "left",
    header: "Time left",
    cell: (c) => (
      <span className="flex flex-col">
        <span className="font-medium text-slate-900" data-testid="time-left">
          Ends {c.row.original.timeLeftText}
        </span>
        <time dateTime={c.row.original.expiresAt} className="text-xs text-slate-600">
          {c.row.original.untilText}
        </time>
      </span>
    ),
  }),
  grant.display({
    id: "source",
    header: "How",
    cell: (c) =>
      c.row.original.requestId ? (
        <Link href={`/requests/${c.row.original.requestId}`} className="text-indigo-700 hover:underline">
          {SOURCE[c.row.original.source]}
        </Link>
      ) : (
        SOURCE[c.row.original.source]
      ),
  }),
  grant.display({
    id: "since",
    header: "Active since",
    cell: (c) => (
      <time dateTime={c.row.original.activatedAt} className="text-slate-700">
        {c.row.original.sinceText}
      </time>
    ),
  }),
  grant.display({
    id: "action",
    header: "",
    meta: { label: "Give back" },
    cell: (c) => (
      <RowAction
        action={giveBackAction}
        name="grantId"
        value={c.row.original.id}
        label="Give back"
        accessibleLabel={`Give back ${c.row.original.scope} access`}
      />
    ),
  }),
]);

export function GrantsTable({ rows }: { rows: GrantView[] }) {
  return (
    <DataTable
      columns={grantColumns}
      data={rows}
      getRowId={(r) => r.id}
      caption="Access you hold now"
      emptyMessage="You hold no access right now"
      emptyDescription="Ask for a tier below. Personal columns stay masked or withheld until a grant is active."
      cardHeadingLevel={3}
    />
  );
}

const pending = dataTableColumns<RequestView>();
const pendingColumns = pending.columns([
  pending.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  pending.accessor("durationText", { header: "For" }),
  pending.display({
    id: "approvals",
    header: "Approvals",
    cell: (c) => <ApprovalProgress approvals={c.row.original.approvals} needed={c.row.original.approvalsNeeded} />,
  }),
  pending.display({
    id: "asked",
    header: "Asked",
    cell: (c) => <time dateTime={c.row.original.createdAt}>{c.row.original.askedText}</time>,
  }),
  pending.display({
    id: "times_out",
    header: "Times out",
    cell: (c) => <time dateTime={c.row.original.pendingUntil}>{c.row.original.timesOutText}</time>,
  }),
  pending.accessor("id", {
    header: "Request",
    cell: (c) => (
      <Link href={`/requests/${c.getValue()}`} className="font-mono text-xs text-indigo-700 hover:underline">
        {c.getValue()}
      </Link>
    ),
  }),
  pending.display({
    id: "action",
    header: "",
    meta: { label: "Withdraw" },
    cell: (c) => (
      <RowAction
        action={cancelRequestAction}
        name="requestId"
        value={c.row.original.id}
        label="Withdraw"
        accessibleLabel={`Withdraw the ${c.row.original.scope} request`}
        variant="ghost"
      />
    ),
  }),
]);

export function PendingTable({ rows }: { rows: RequestView[] }) {
  return (
    <DataTable
      columns={pendingColumns}
      data={rows}
      getRowId={(r) => r.id}
      caption="Your requests waiting for a decision"
      emptyMessage="Nothing is waiting"
      emptyDescription="Requests you make wait here for privacy admins to approve them."
      cardHeadingLevel={3}
    />
  );
}

const recent = dataTableColumns<RequestView>();
const recentColumns = recent.columns([
  recent.accessor("id", { header: "Request", meta: { rowLink: true }, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  recent.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  recent.accessor("durationText", { header: "For" }),
  recent.accessor("status", { header: "Outcome", cell: (c) => <RequestStatusBadge status={c.getValue()} /> }),
  recent.display({ id: "asked", header: "Asked", cell: (c) => <time dateTime={c.row.original.createdAt}>{c.row.original.askedText}</time> }),
  recent.display({ id: "decided", header: "Decided", cell: (c) => c.row.original.decidedText }),
]);

export function RecentTable({ rows, pagination }: { rows: RequestView[]; pagination: DataTablePagination }) {
  return (
    <DataTable
      columns={recentColumns}
      data={rows}
      getRowId={(r) => r.id}
      onRowHref={(r) => `/requests/${r.id}`}
      caption="Your earlier requests, newest first"
      emptyMessage="No earlier requests"
      emptyDescription="Approved, denied, withdrawn and timed-out requests are listed here."
      pagination={pagination}
      cardHeadingLevel={3}
    />
  );
}

const rule = dataTableColumns<PolicyView>();
const ruleColumns = rule.columns([
  rule.accessor("scope", {
    header: "Tier",
    cell: (c) => (
      <span className="flex flex-col items-start gap-0.5">
        <TierBadge tier={c.getValue()} />
        <span className="font-mono text-xs text-slate-600">{c.getValue()}</span>
      </span>
    ),
  }),
  rule.accessor("approvalsRequired", {
    header: "Approvals",
    cell: (c) => `${c.getValue()} privacy admin${c.getValue() === 1 ? "" : "s"}`,
  }),
  rule.accessor("maxDurationText", { header: "Longest grant" }),
  rule.accessor("reasonRequired", { header: "Reason", cell: (c) => (c.getValue() ? "Required" : "Optional") }),
  rule.accessor("ticketPattern", {
    header: "Ticket",
    cell: (c) => (c.getValue() ? <code className="font-mono text-xs">{c.getValue()}</code> : "Not asked"),
  }),
  rule.accessor("pendingText", { header: "Waits at most" }),
  rule.display({
    id: "break_glass",
    header: "Break-glass",
    cell: (c) =>
      c.row.original.breakGlassAllowed ? (
        <Link
          href="/access/break-glass"
          className="text-indigo-700 hover:underline"
          aria-label={`Break-glass for ${TIER_LABELS[c.row.original.scope]}`}
        >
          {c.row.original.breakGlassText}
        </Link>
      ) : (
        "Not allowed"
      ),
  }),
]);

export function PolicyRulesTable({ rows }: { rows: PolicyView[] }) {
  return (
    <DataTable
      columns={ruleColumns}
      data={rows}
      getRowId={(r) => r.scope}
      caption="What each tier's policy asks of a request"
      emptyMessage="No tier policies"
      cardHeadingLevel={3}
    />
  );
}
