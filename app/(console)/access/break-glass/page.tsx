// Break-glass for analysts: emergency access without approval, where a tier's policy allows it. The limits are
// shown up front, the reason is mandatory, and the page says plainly that admins are alerted and the use reviewed.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { TIER_LABELS } from "@/lib/core/tiers";
import { listPolicies } from "@/lib/scopes/get-policy";
import { getBreakGlassUse, listBreakGlass, ZBreakGlassQuery } from "@/lib/scopes/list-break-glass";
import { BreakGlassTable } from "../../break-glass/break-glass-table";
import { BreakGlassForm } from "./break-glass-form";

export const metadata: Metadata = { title: "Break-glass" };

const PAGE_SIZE = 20;

export default async function UseBreakGlassPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("scope.request");
  const sp = await searchParams;
  const policies = await listPolicies();
  const tiers = policies
    .filter((p) => p.breakGlassAllowed)
    .map((p) => ({ scope: p.scope, maxMinutes: p.breakGlassMaxMinutes, policyVersion: p.version }));
  const closed = policies.filter((p) => !p.breakGlassAllowed).map((p) => TIER_LABELS[p.scope]);
  const grantId = firstParam(sp.grant);
  const activated = firstParam(sp.notice) === "activated" && /^grt_[0-9a-z]{4,40}$/.test(grantId) ? await getBreakGlassUse(user, grantId) : null;
  const query = ZBreakGlassQuery.parse({
    view: "all",
    sort: firstParam(sp.sort) || undefined,
    dir: firstParam(sp.dir) || undefined,
    cursor: firstParam(sp.cursor) || undefined,
    limit: PAGE_SIZE,
  });
  const own = await listBreakGlass(user, query, { ownOnly: true });

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/access">← My access</Link>}
        title="Break-glass"
        description="Emergency access to a tier, switched on by you alone, for a short time. Use it only when waiting for an approval would cause harm; otherwise request access."
      />
      {activated ? (
        <Alert
          variant="success"
          title={`Break-glass is on: ${TIER_LABELS[activated.scope]} until ${formatUtc(activated.expiresAt)}`}
          className="mb-4"
        >
          Every privacy admin has been alerted, and a privacy admin will review this use by {formatUtc(activated.afterReviewDueAt!)}. The access ends
          on its own.
        </Alert>
      ) : null}
      <Card as="section" aria-labelledby="use-break-glass" className="mb-6">
        <CardHeader
          titleId="use-break-glass"
          title="Switch on break-glass"
          description={
            tiers.length > 0
              ? `Allowed by policy on ${tiers.map((t) => TIER_LABELS[t.scope]).join(", ")}.${closed.length ? ` Not allowed on ${closed.join(", ")}: request access instead.` : ""}`
              : undefined
          }
        />
        <div className="p-4">
          {tiers.length > 0 ? (
            <BreakGlassForm tiers={tiers} initial={{ scope: "", durationMinutes: "", reason: "", errors: {}, alert: null }} />
          ) : (
            <EmptyState
              title="No tier allows break-glass right now"
              description={
                <>
                  The privacy team&apos;s policies allow no emergency access at the moment. <Link href="/access">Request access</Link> instead.
                </>
              }
            />
          )}
        </div>
      </Card>
      <section aria-labelledby="own-uses">
        <h2 id="own-uses" className="mb-2 text-sm font-semibold text-slate-900">
          Your break-glass uses
        </h2>
        <BreakGlassTable
          rows={own.rows}
          mode="own"
          sorting={own.sort}
          pagination={{
            pageSize: PAGE_SIZE,
            total: own.total,
            nextHref: own.nextCursor
              ? tableHref("/access/break-glass", { ...sp, notice: undefined, grant: undefined }, { cursor: own.nextCursor })
              : null,
            firstHref: query.cursor ? tableHref("/access/break-glass", { ...sp, notice: undefined, grant: undefined }, { cursor: null }) : null,
          }}
        />
      </section>
    </>
  );
}
