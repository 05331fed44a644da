// One grant: who holds which tier, from when until when, why, and how it ended. Privacy admins revoke it here.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { RoleBadge, TierBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pickParam } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import { TIER_LABELS } from "@/lib/core/tiers";
import { getGrant } from "@/lib/scopes/list-grants";
import { GrantStatusBadge, SOURCE_LABELS, TimeLeft } from "../grant-cells";
import { RevokeForm } from "./revoke-form";

export const metadata: Metadata = { title: "Grant" };

const NOTICES: Record<string, { variant: "success"; text: string }> = {
  granted: { variant: "success", text: "Access granted. The grantee has a note in their inbox." },
  revoked: { variant: "success", text: "Grant revoked. The holder has a note in their inbox." },
};

export default async function GrantPage({
  params,
  searchParams,
}: {
  params: Promise<{ grantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("grant.read_all");
  const { grantId } = await params;
  const grant = await getGrant(user, grantId);
  if (!grant) notFound();
  const notice = pickParam(NOTICES, (await searchParams).notice);
  const at = now();

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/grants" className="hover:underline">
            ← Grants
          </Link>
        }
        title={`${TIER_LABELS[grant.scope]} for ${grant.holder.name}`}
        description={<span className="font-mono text-xs">{grant.id}</span>}
      />
      {notice ? (
        <Alert variant={notice.variant} className="mb-4">
          {notice.text}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
        <Card as="section" aria-labelledby="grant-facts">
          <CardHeader titleId="grant-facts" title="The grant" />
          <dl className="grid grid-cols-[minmax(0,10rem)_minmax(0,1fr)] gap-x-4 gap-y-2.5 px-4 py-3 text-sm">
            <Fact label="Holder">
              <span className="flex flex-wrap items-center gap-2">
                <span>
                  {grant.holder.name} <span className="text-slate-600">{grant.holder.email}</span>
                </span>
                <RoleBadge role={grant.holder.role} />
              </span>
            </Fact>
            <Fact label="Tier">
              <TierBadge tier={grant.scope} />
            </Fact>
            <Fact label="Status">
              <span data-testid="grant-status">
                <GrantStatusBadge status={grant.status} />
              </span>
            </Fact>
            <Fact label="Time left">
              <TimeLeft status={grant.status} expiresAt={grant.expiresAt.toISOString()} at={at.toISOString()} />
            </Fact>
            <Fact label="Active from">
              <time dateTime={grant.activatedAt.toISOString()}>{formatUtc(grant.activatedAt)}</time>
            </Fact>
            <Fact label="Ends">
              <time dateTime={grant.expiresAt.toISOString()}>{formatUtc(grant.expiresAt)}</time>
            </Fact>
            <Fact label="Source">
              {SOURCE_LABELS[grant.source]}
              {grant.grantedByEmail ? <span className="text-slate-600"> by {grant.grantedByEmail}</span> : null}
            </Fact>
            <Fact label="Datasets">
              {grant.datasets === null ? "Every dataset" : grant.datasets.length ? grant.datasets.join(", ") : "None (unreadable limit)"}
            </Fact>
            <Fact label="Reason">{grant.reason}</Fact>
            {grant.policyVersion ? <Fact label="Policy">version {grant.policyVersion}</Fact> : null}
            {grant.endedAt ? (
              <Fact label="Ended">
                <time dateTime={grant.endedAt.toISOString()}>{formatUtc(grant.endedAt)}</time>
                {grant.endedByEmail ? (
                  <span className="text-slate-600"> by {grant.endedByEmail}</span>
                ) : (
                  <span className="text-slate-600"> by the system</span>
                )}
                {grant.endComment ? <span className="block text-slate-700">{grant.endComment}</span> : null}
              </Fact>
            ) : null}
          </dl>
        </Card>
        {grant.status === "active" && can(user, "grant.manage") ? (
          <Card as="section" aria-labelledby="grant-revoke" className="p-4">
            <h2 id="grant-revoke" className="mb-3 text-sm font-semibold text-slate-900">
              Revoke
            </h2>
            <RevokeForm grantId={grant.id} />
          </Card>
        ) : null}
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 wrap-break-word text-slate-900">{children}</dd>
    </>
  );
}
