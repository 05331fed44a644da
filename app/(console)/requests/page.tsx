// The approval queue for privacy admins: every request, pending first by default, filtered by tier, status, age and
// requester on the server, with the state in the URL (a filter is a GET form, so every view has an address).
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatAgo, formatRelative, formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { SCOPES, TIER_LABELS } from "@/lib/core/tiers";
import { setResponseStatus } from "@/lib/http/response-status";
import { describeMinutes } from "@/lib/scopes/durations";
import { listAccessRequests, listRequesters, REQUEST_STATUS_FILTERS, ZRequestListQuery } from "@/lib/scopes/list-access-requests";
import { QueueTable, type QueueRow } from "./queue-table";

export const metadata: Metadata = { title: "Requests" };

const PAGE_SIZE = 25;
const AGES = [
  ["", "Any age"],
  ["1h", "Older than 1 hour"],
  ["4h", "Older than 4 hours"],
  ["1d", "Older than 1 day"],
  ["3d", "Older than 3 days"],
  ["7d", "Older than 7 days"],
] as const;
const STATUS_LABELS: Record<(typeof REQUEST_STATUS_FILTERS)[number] | "all", string> = {
  pending: "Pending",
  approved: "Approved",
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
  relinquished: "Given back",
  denied: "Denied",
  cancelled: "Cancelled",
  timed_out: "Timed out",
  decided: "Decided (not pending)",
  all: "Every status",
};

type SearchParams = Record<string, string | string[] | undefined>;

export default async function RequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePagePermission("scope.approve");
  const sp = await searchParams;
  // No status in the URL is the queue: what waits for a decision. "all" lifts the filter.
  const status = firstParam(sp.status) || "pending";
  const query = ZRequestListQuery.safeParse({
    tier: firstParam(sp.tier) || undefined,
    status: status === "all" ? undefined : status,
    age: firstParam(sp.age) || undefined,
    requester: firstParam(sp.requester) || undefined,
    sort: firstParam(sp.sort) || "created",
    dir: firstParam(sp.dir) || "asc",
    cursor: firstParam(sp.cursor) || undefined,
    limit: PAGE_SIZE,
  });

  let page;
  let failure: string | null = null;
  if (!query.success) {
    setResponseStatus(400);
    failure = `The filter ${query.error.issues[0]?.path.join(".") || ""} is not valid (${query.error.issues[0]?.message ?? "invalid"}).`;
  } else {
    try {
      page = await listAccessRequests(user, query.data);
    } catch (err) {
      const { status: code, body } = toErrorResponse(err);
      setResponseStatus(code);
      failure = body.error.message;
    }
  }
  const requesters = await listRequesters(user);
  const at = now();
  const rows: QueueRow[] = (page?.rows ?? []).map((r) => ({
    ...r,
    createdText: formatUtc(r.createdAt),
    createdAgo: formatAgo(r.createdAt, at),
    pendingUntilText: formatRelative(r.pendingUntil, at),
    durationText: describeMinutes(r.durationMinutes),
  }));
  const filtered = ["tier", "age", "requester"].some((k) => firstParam(sp[k])) || status !== "pending";
  const q = query.success ? query.data : null;

  return (
    <>
      <PageHeader
        title="Requests"
        description="Access requests waiting for privacy admins. Nobody approves their own request; each approver counts once, and a request becomes active when its tier's policy has the approvals it needs."
      />
      <form
        method="get"
        action="/requests"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-xs"
        aria-label="Filter requests"
      >
        <Select
          label="Tier"
          name="tier"
          defaultValue={firstParam(sp.tier)}
          wrapperClassName="w-44"
          options={[{ value: "", label: "Every tier" }, ...SCOPES.map((s) => ({ value: s, label: `${TIER_LABELS[s]} (${s})` }))]}
        />
        <Select
          label="Status"
          name="status"
          defaultValue={status}
          wrapperClassName="w-48"
          options={(["pending", "decided", "active", "denied", "cancelled", "timed_out", "relinquished", "expired", "revoked", "all"] as const).map(
            (s) => ({
              value: s,
              label: STATUS_LABELS[s],
            }),
          )}
        />
        <Select
          label="Age"
          name="age"
          defaultValue={firstParam(sp.age)}
          wrapperClassName="w-44"
          options={AGES.map(([value, label]) => ({ value, label }))}
        />
        <Select
          label="Requester"
          name="requester"
          defaultValue={firstParam(sp.requester)}
          wrapperClassName="w-64"
          options={[{ value: "", label: "Anyone" }, ...requesters.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))]}
        />
        {firstParam(sp.sort) ? <input type="hidden" name="sort" value={firstParam(sp.sort)} /> : null}
        {firstParam(sp.dir) ? <input type="hidden" name="dir" value={firstParam(sp.dir)} /> : null}
        <button type="submit" className={buttonClassName({ variant: "primary" })}>
          Apply
        </button>
        {filtered ? (
          <Link href="/requests" className={buttonClassName({ variant: "ghost" })}>
            Clear filters
          </Link>
        ) : null}
      </form>
      {failure ? (
        <Alert variant="warning" title="These requests could not be listed" className="mb-4">
          {failure} <Link href="/requests">Show the queue</Link>
        </Alert>
      ) : null}
      {page && q ? (
        <QueueTable
          rows={rows}
          filtered={filtered}
          sorting={{ id: q.sort, desc: q.dir === "desc" }}
          pagination={{
            pageSize: PAGE_SIZE,
            total: page.total,
            nextHref: page.nextCursor ? tableHref("/requests", sp, { cursor: page.nextCursor }) : null,
            firstHref: q.cursor ? tableHref("/requests", sp, { cursor: null }) : null,
          }}
        />
      ) : null}
    </>
  );
}
