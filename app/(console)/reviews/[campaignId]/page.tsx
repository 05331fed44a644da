// One access review campaign, its report: progress, every item with its decision and reviewer, a CSV download for
// auditors, and certify/revoke for privacy admins other than the grantee while the campaign is open.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { REVIEW_DECISIONS, type ReviewDecision } from "@/lib/scopes/decide-review-item";
import { getReviewCampaign, listReviewItems, ZItemQuery } from "@/lib/scopes/review-report";
import { CampaignStatusBadge } from "../campaigns-table";
import { ProgressBar } from "../progress-bar";
import { ItemsTable, type ItemAction, type ItemRow } from "./items-table";

export const metadata: Metadata = { title: "Access review" };

const PAGE_SIZE = 50;
const FILTER_LABELS: Record<ReviewDecision | "all", string> = {
  all: "All",
  pending: "Awaiting decision",
  certified: "Certified",
  revoked: "Revoked",
  auto_revoked: "Revoked at due date",
  grant_ended: "Grant had ended",
};

export default async function ReviewCampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ campaignId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("review.read");
  const { campaignId } = await params;
  const sp = await searchParams;
  const campaign = /^rvc_[0-9a-z]{4,40}$/.test(campaignId) ? await getReviewCampaign(user, campaignId) : null;
  if (!campaign) notFound();
  const query = ZItemQuery.parse({
    decision: firstParam(sp.decision) || undefined,
    sort: firstParam(sp.sort) || undefined,
    dir: firstParam(sp.dir) || undefined,
    cursor: firstParam(sp.cursor) || undefined,
    limit: PAGE_SIZE,
  });
  const page = await listReviewItems(user, campaignId, query);
  const path = `/reviews/${campaignId}`;
  const back = tableHref(path, { ...sp, notice: undefined }, {});
  const manage = can(user, "review.manage") && campaign.status === "open";
  const rows: ItemRow[] = page.rows.map((r) => {
    let action: ItemAction = null;
    if (manage && r.decision === "pending") action = r.grantStatus !== "active" ? "ended" : r.granteeId === user.id ? "own" : "decide";
    return { ...r, action, campaignId, back };
  });
  const decided = campaign.total - campaign.counts.pending;

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/reviews">← Access reviews</Link>}
        title={campaign.name}
        description={`Started ${formatUtc(campaign.createdAt)} by ${campaign.createdByName}. Due ${formatUtc(campaign.dueAt)}${campaign.closedAt ? `; closed ${formatUtc(campaign.closedAt)}` : ""}.`}
        actions={
          <a href={`/api/reviews/${campaignId}/report`} download className={buttonClassName({ size: "sm" })}>
            Download report (CSV)
          </a>
        }
      />
      {firstParam(sp.notice) === "started" ? (
        <Alert variant="success" className="mb-4">
          Campaign started with {campaign.total === 1 ? "1 grant" : `${campaign.total} grants`} to review. The other privacy admins have been told.
        </Alert>
      ) : null}
      <Card className="mb-4 flex flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">
        <CampaignStatusBadge row={campaign} />
        <span className="flex flex-wrap gap-1">
          {campaign.scopes.map((s) => (
            <TierBadge key={s} tier={s} />
          ))}
        </span>
        <ProgressBar done={decided} total={campaign.total} label="Decided items" />
        <span className="text-sm text-slate-600" data-testid="campaign-counts">
          {campaign.counts.certified} certified · {campaign.counts.revoked} revoked · {campaign.counts.auto_revoked} revoked at due date
          {campaign.counts.grant_ended ? ` · ${campaign.counts.grant_ended} ended before review` : ""}
        </span>
      </Card>
      {campaign.overdue ? (
        <Alert variant="warning" className="mb-4">
          The due date has passed: undecided grants are being revoked and the campaign closed.
        </Alert>
      ) : null}
      <nav aria-label="Filter by decision" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
        {(["all", ...REVIEW_DECISIONS] as const).map((d) => {
          const n = d === "all" ? campaign.total : campaign.counts[d];
          if (d !== "all" && n === 0 && d !== query.decision) return null;
          return (
            <Link
              key={d}
              href={tableHref(path, { ...sp, notice: undefined }, { decision: d === "all" ? null : d, cursor: null })}
              aria-current={d === query.decision ? "page" : undefined}
              className={cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
                d === query.decision ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {FILTER_LABELS[d]} <span className="text-xs text-slate-500 tabular-nums">{n}</span>
            </Link>
          );
        })}
      </nav>
      <ItemsTable
        rows={rows}
        sorting={page.sort}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref(path, { ...sp, notice: undefined }, { cursor: page.nextCursor }) : null,
          firstHref: query.cursor ? tableHref(path, { ...sp, notice: undefined }, { cursor: null }) : null,
        }}
      />
    </>
  );
}
