// One request: what was asked and why, its approval trail, and (for a privacy admin other than the requester) the
// decision. Requesters may open their own requests here too; to anyone else a request does not exist (404).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pickParam } from "@/components/data-table/table-href";
import { formatAgo, formatRelative, formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { TIER_LABELS } from "@/lib/core/tiers";
import { describeMinutes } from "@/lib/scopes/durations";
import { getAccessRequest } from "@/lib/scopes/get-access-request";
import { ApprovalProgress, RequestStatusBadge } from "../request-status";
import { DecisionForm } from "./decision-form";

export const metadata: Metadata = { title: "Request" };

const NOTICES: Record<string, { variant: "success" | "info"; text: string }> = {
  approval_recorded: { variant: "success", text: "Your approval is recorded. The request needs more approvals from other privacy admins." },
  activated: { variant: "success", text: "Approved. The grant is active from now, and the requester has been told." },
  denied: { variant: "info", text: "Denied. The requester has been told, with your comment." },
};

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("scope.request");
  const id = (await params).id;
  const notice = pickParam(NOTICES, (await searchParams).notice);
  if (!/^req_[0-9a-z]{4,40}$/.test(id)) notFound();
  const r = await getAccessRequest(user, id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const at = now();
  const approver = can(user, "scope.approve");
  const own = r.requester.id === user.id;
  const pending = r.status === "pending";

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={approver ? "/requests" : "/access"} className="hover:underline">
            ← {approver ? "Requests" : "My access"}
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            {TIER_LABELS[r.scope]} for {r.requester.name}
            <RequestStatusBadge status={r.status} />
          </span>
        }
        description={
          <>
            Request <span className="font-mono">{r.id}</span>, asked {formatAgo(r.createdAt, at)} under policy version {r.policyVersion}.
          </>
        }
      />
      {notice ? (
        <Alert variant={notice.variant} className="mb-4">
          {notice.text}
        </Alert>
      ) : null}

      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr]">
        <Card as="section" aria-labelledby="request-facts">
          <CardHeader titleId="request-facts" title="What was asked" />
          <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-4 gap-y-3 px-4 py-4 text-sm">
            <Fact label="Requester">
              {r.requester.name} <span className="text-slate-600">{r.requester.email}</span>
            </Fact>
            <Fact label="Tier">
              <TierBadge tier={r.scope} /> <span className="font-mono text-xs text-slate-600">{r.scope}</span>
            </Fact>
            <Fact label="Duration">{describeMinutes(r.durationMinutes)}, counted from activation</Fact>
            <Fact label="Datasets">{r.datasets ? <span className="font-mono text-xs">{r.datasets.join(", ")}</span> : "Every dataset"}</Fact>
            <Fact label="Reason">{r.reason || <span className="text-slate-500">None given</span>}</Fact>
            <Fact label="Ticket">{r.ticket ? <span className="font-mono">{r.ticket}</span> : <span className="text-slate-500">None</span>}</Fact>
            <Fact label="Asked">
              <time dateTime={r.createdAt.toISOString()}>{formatUtc(r.createdAt)}</time>
            </Fact>
            {pending ? (
              <Fact label="Times out">
                <time dateTime={r.pendingUntil.toISOString()}>{formatUtc(r.pendingUntil)}</time> ({formatRelative(r.pendingUntil, at)})
              </Fact>
            ) : null}
            {r.grant ? (
              <Fact label="Grant">
                <span className="font-mono text-xs">{r.grant.id}</span>: active from {formatUtc(r.grant.activatedAt)}
                {r.grant.status === "active"
                  ? ` until ${formatUtc(r.grant.expiresAt)}`
                  : `, ${r.grant.status} ${r.grant.endedAt ? formatUtc(r.grant.endedAt) : ""}`}
              </Fact>
            ) : null}
          </dl>
        </Card>

        <div className="flex flex-col gap-6">
          <Card as="section" aria-labelledby="request-trail">
            <CardHeader
              titleId="request-trail"
              title="Approvals"
              actions={<ApprovalProgress approvals={r.approvals.length} needed={Math.max(r.approvalsNeeded, r.approvals.length)} />}
            />
            <ol className="divide-y divide-slate-100 text-sm" data-testid="approval-trail">
              <TrailItem at={r.createdAt} now={at} who={r.requester.email} what="asked for access" />
              {r.approvals.map((a) => (
                <TrailItem key={a.approverId} at={a.createdAt} now={at} who={a.approverEmail} what="approved" comment={a.comment} />
              ))}
              {r.decidedAt && r.status !== "pending" ? (
                <TrailItem at={r.decidedAt} now={at} who={r.closedBy?.email ?? "Warden"} what={closing(r.status)} comment={r.closeComment} />
              ) : null}
            </ol>
          </Card>

          {pending && approver && !own ? (
            <Card as="section" aria-labelledby="request-decide" className="p-4">
              <h2 id="request-decide" className="mb-3 text-sm font-semibold text-slate-900">
                Your decision
              </h2>
              <DecisionForm requestId={r.id} lastApproval={r.approvals.length + 1 >= r.approvalsNeeded} />
            </Card>
          ) : null}
          {pending && own ? (
            <Alert variant="info" title="You asked for this access">
              {approver ? "Another privacy admin must decide it: nobody approves their own request. " : ""}
              You can withdraw it from <Link href="/access">My access</Link>.
            </Alert>
          ) : null}
        </div>
      </div>
    </>
  );
}

function closing(status: string): string {
  switch (status) {
    case "denied":
      return "denied the request";
    case "cancelled":
      return "withdrew the request";
    case "timed_out":
      return "closed it: nobody decided in time";
    default:
      // The final approval is in the list above; the activation is Warden's doing, in the same step.
      return "activated the grant: the approvals it needed were given";
  }
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 wrap-break-word text-slate-900">{children}</dd>
    </>
  );
}

function TrailItem({ at, now: current, who, what, comment }: { at: Date; now: Date; who: string; what: string; comment?: string | null }) {
  return (
    <li className="px-4 py-3">
      <p>
        <span className="font-medium text-slate-900">{who}</span> {what}{" "}
        <time dateTime={at.toISOString()} title={formatUtc(at)} className="text-slate-600">
          {formatAgo(at, current)}
        </time>
      </p>
      {comment ? <p className="mt-0.5 text-slate-700">“{comment}”</p> : null}
    </li>
  );
}
