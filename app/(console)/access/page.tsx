// My access: what you hold now and until when (and a way to give it back), what you asked for and where it stands,
// the rules of each tier up front, and the form to ask. Everything here is yours only.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref, pickParam } from "@/components/data-table/table-href";
import { formatAgo, formatRelative, formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { setResponseStatus } from "@/lib/http/response-status";
import { describeMinutes } from "@/lib/scopes/durations";
import { listRequestableDatasets } from "@/lib/scopes/create-access-request";
import { listPolicies } from "@/lib/scopes/get-policy";
import { listAccessRequests, type AccessRequestPage, type AccessRequestRow } from "@/lib/scopes/list-access-requests";
import { listActiveGrants } from "@/lib/scopes/list-active-grants";
import { GrantsTable, PendingTable, PolicyRulesTable, RecentTable, type PolicyView, type RequestView } from "./access-tables";
import { RequestForm } from "./request-form";

export const metadata: Metadata = { title: "My access" };

const RECENT_PAGE = 10;
const NOTICES: Record<string, string> = {
  requested: "Request sent. Privacy admins have been told; you will get an inbox note when it is decided.",
  cancelled: "Request withdrawn.",
  given_back: "Access given back. Those columns are masked again from now on.",
};

export default async function MyAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("scope.request");
  const sp = await searchParams;
  const notice = pickParam(NOTICES, sp.notice);
  const cursor = firstParam(sp.cursor) || undefined;
  const at = now();

  const [grants, pending, policies, datasets] = await Promise.all([
    listActiveGrants(user.id, at),
    listAccessRequests(user, { requester: user.id, status: "pending", sort: "created", dir: "desc", limit: 100 }),
    listPolicies(),
    listRequestableDatasets(),
  ]);
  let recent: AccessRequestPage | null = null;
  let recentError: string | null = null;
  try {
    recent = await listAccessRequests(user, { requester: user.id, status: "decided", sort: "created", dir: "desc", limit: RECENT_PAGE, cursor });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    setResponseStatus(status);
    recentError = body.error.message;
  }

  const view = (r: AccessRequestRow): RequestView => ({
    ...r,
    askedText: formatAgo(r.createdAt, at),
    decidedText: r.decidedAt ? formatAgo(r.decidedAt, at) : "—",
    timesOutText: formatRelative(r.pendingUntil, at),
    durationText: describeMinutes(r.durationMinutes),
  });
  const policyViews: PolicyView[] = policies.map((p) => ({
    scope: p.scope,
    version: p.version,
    approvalsRequired: p.approvalsRequired,
    reasonRequired: p.reasonRequired,
    ticketPattern: p.ticketPattern,
    breakGlassAllowed: p.breakGlassAllowed,
    maxDurationText: describeMinutes(p.maxDurationMinutes),
    pendingText: describeMinutes(p.pendingTimeoutMinutes),
    breakGlassText: `Up to ${describeMinutes(p.breakGlassMaxMinutes)}, on your own`,
  }));

  return (
    <>
      <PageHeader
        title="My access"
        description="The personal-data tiers you can see, for how long, and your requests for more. A grant's time starts when it becomes active; give it back when you are done."
      />
      {notice ? (
        <Alert variant="success" className="mb-6">
          {notice}
        </Alert>
      ) : null}

      <Section id="held" title="Access you hold" description="Personal columns in these tiers are shown in clear to you until the grant ends.">
        <GrantsTable
          rows={grants.map((g) => ({
            id: g.id,
            scope: g.scope,
            source: g.source,
            requestId: g.requestId,
            datasets: g.datasets,
            activatedAt: g.activatedAt.toISOString(),
            expiresAt: g.expiresAt.toISOString(),
            sinceText: formatAgo(g.activatedAt, at),
            timeLeftText: formatRelative(g.expiresAt, at),
            untilText: formatUtc(g.expiresAt),
          }))}
        />
      </Section>

      <Section id="pending" title="Waiting for a decision">
        <PendingTable rows={pending.rows.map(view)} />
      </Section>

      <Section
        id="ask"
        title="Ask for access"
        description={
          <>
            The policy in force for each tier decides how many privacy admins must approve, for how long, and what you must give.
            {policies.some((p) => p.breakGlassAllowed) ? (
              <>
                {" "}
                In an emergency, where a tier allows it, <Link href="/access/break-glass">break-glass</Link> opens it at once for a short time, with
                an after-review.
              </>
            ) : null}
          </>
        }
      >
        <PolicyRulesTable rows={policyViews} />
        <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
          <RequestForm policies={policyViews} datasets={datasets} />
        </div>
      </Section>

      <Section id="recent" title="Earlier requests">
        {recentError ? (
          <Alert variant="warning" title="These requests could not be listed">
            {recentError} <Link href="/access">Start from the newest</Link>
          </Alert>
        ) : recent ? (
          <RecentTable
            rows={recent.rows.map(view)}
            pagination={{
              pageSize: RECENT_PAGE,
              total: recent.total,
              nextHref: recent.nextCursor ? tableHref("/access", sp, { cursor: recent.nextCursor, notice: null }) : null,
              firstHref: cursor ? tableHref("/access", sp, { cursor: null, notice: null }) : null,
              labels: { prev: "Newer", next: "Older" },
            }}
          />
        ) : null}
      </Section>
    </>
  );
}

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="mb-8">
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-0.5 mb-3 max-w-3xl text-sm text-slate-600">{description}</p> : <div className="mb-3" />}
      {children}
    </section>
  );
}
