// One break-glass use: who switched it on, for which tier, how long and why; and its after-review, or the form to
// record it (for a privacy admin other than the person who used it).
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { TIER_LABELS } from "@/lib/core/tiers";
import { getBreakGlassUse } from "@/lib/scopes/list-break-glass";
import { GrantStatusBadge } from "../../grants/grant-cells";
import { ReviewBadge } from "../break-glass-table";
import { AfterReviewForm } from "./after-review-form";

export const metadata: Metadata = { title: "Break-glass use" };

export default async function BreakGlassUsePage({ params }: { params: Promise<{ grantId: string }> }) {
  const user = await requirePagePermission("grant.manage");
  const { grantId } = await params;
  const use = /^grt_[0-9a-z]{4,40}$/.test(grantId) ? await getBreakGlassUse(user, grantId) : null;
  if (!use) notFound();
  const own = use.userId === user.id;

  const facts: Array<[string, ReactNode]> = [
    ["Used by", `${use.userName} (${use.userEmail})`],
    ["Tier", <TierBadge key="tier" tier={use.scope} />],
    ["Switched on", formatUtc(use.activatedAt)],
    [use.endedAt ? "Ended" : "Until", formatUtc(use.endedAt ?? use.expiresAt)],
    ["Grant", <GrantStatusBadge key="status" status={use.status} />],
    ["After-review due", use.afterReviewDueAt ? formatUtc(use.afterReviewDueAt) : "—"],
  ];

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/break-glass">← Break-glass</Link>}
        title={`Break-glass on ${TIER_LABELS[use.scope]} by ${use.userName}`}
        description={<span className="font-mono text-xs">{use.grantId}</span>}
        actions={<ReviewBadge row={use} />}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card as="section" aria-labelledby="use-facts">
          <CardHeader titleId="use-facts" title="The use" />
          <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-3 gap-y-2 px-4 py-3 text-sm">
            {facts.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="min-w-0 wrap-break-word text-slate-900">{v}</dd>
              </div>
            ))}
            <dt className="text-slate-500">Reason</dt>
            <dd className="min-w-0 wrap-break-word text-slate-900" data-testid="break-glass-reason">
              {use.reason}
            </dd>
          </dl>
        </Card>
        <Card as="section" aria-labelledby="after-review">
          <CardHeader
            titleId="after-review"
            title="After-review"
            description={use.reviewedAt ? undefined : "Read the reason, check it against the incident, and conclude."}
          />
          <div className="px-4 py-3">
            {use.reviewedAt ? (
              <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
                <dt className="text-slate-500">Conclusion</dt>
                <dd>
                  <ReviewBadge row={use} />
                </dd>
                <dt className="text-slate-500">Reviewed by</dt>
                <dd>
                  {use.reviewerName} ({use.reviewerEmail})
                </dd>
                <dt className="text-slate-500">On</dt>
                <dd>{formatUtc(use.reviewedAt)}</dd>
                <dt className="text-slate-500">Comment</dt>
                <dd className="wrap-break-word">{use.reviewComment}</dd>
              </dl>
            ) : own ? (
              <Alert variant="info" title="This is your own use">
                Another privacy admin must review it: nobody after-reviews their own break-glass.
              </Alert>
            ) : (
              <>
                {use.overdue ? (
                  <Alert variant="error" title="Overdue" className="mb-4">
                    This after-review was due {formatUtc(use.afterReviewDueAt!)}.
                  </Alert>
                ) : null}
                <AfterReviewForm grantId={use.grantId} running={use.status === "active"} />
              </>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
