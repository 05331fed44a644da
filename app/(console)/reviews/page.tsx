// Access reviews: the campaigns with their progress, due dates and status (privacy admins and auditors), and the
// form that starts one (privacy admins). Filter, sort and page are in the URL.
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatUtcDate } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import { SCOPES } from "@/lib/core/tiers";
import { listReviewCampaigns, ZCampaignQuery } from "@/lib/scopes/list-review-campaigns";
import { countActiveGrantsByTier, MAX_CAMPAIGN_DAYS } from "@/lib/scopes/start-review-campaign";
import { CampaignsTable } from "./campaigns-table";
import { StartCampaignForm } from "./start-campaign-form";

export const metadata: Metadata = { title: "Access reviews" };

const PAGE_SIZE = 25;
const DAY = 86_400_000;
const STATUS_LABELS = { all: "All", open: "Open", closed: "Closed" } as const;

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("review.read");
  const sp = await searchParams;
  const query = ZCampaignQuery.parse({
    status: firstParam(sp.status) || undefined,
    sort: firstParam(sp.sort) || undefined,
    dir: firstParam(sp.dir) || undefined,
    cursor: firstParam(sp.cursor) || undefined,
    limit: PAGE_SIZE,
  });
  const page = await listReviewCampaigns(user, query);
  const manage = can(user, "review.manage");
  const active = manage ? await countActiveGrantsByTier() : null;
  const today = now();

  return (
    <>
      <PageHeader
        title="Access reviews"
        description="Campaigns over the active grants in chosen tiers. A privacy admin other than the grantee certifies or revokes each grant; at the due date, every grant nobody decided is revoked automatically."
      />
      {active ? (
        <Card as="section" aria-labelledby="start-campaign" className="mb-6">
          <CardHeader titleId="start-campaign" title="Start a campaign" />
          <div className="p-4">
            <StartCampaignForm
              tiers={SCOPES.map((scope) => ({ scope, active: active[scope] }))}
              initial={{ name: "", scopes: [], dueAt: formatUtcDate(new Date(today.getTime() + 14 * DAY)), errors: {}, alert: null }}
              minDate={formatUtcDate(today)}
              maxDate={formatUtcDate(new Date(today.getTime() + (MAX_CAMPAIGN_DAYS - 1) * DAY))}
            />
          </div>
        </Card>
      ) : null}
      <nav aria-label="Campaign status" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
        {(["all", "open", "closed"] as const).map((s) => (
          <Link
            key={s}
            href={tableHref("/reviews", sp, { status: s === "all" ? null : s, cursor: null })}
            aria-current={s === query.status ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              s === query.status ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {STATUS_LABELS[s]}
          </Link>
        ))}
      </nav>
      <CampaignsTable
        rows={page.rows}
        sorting={page.sort}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref("/reviews", sp, { cursor: page.nextCursor }) : null,
          firstHref: query.cursor ? tableHref("/reviews", sp, { cursor: null }) : null,
        }}
      />
    </>
  );
}
