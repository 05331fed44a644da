// Scope policies: each tier's rules in force and their version history, for everyone (policy.read); privacy admins
// edit them (policy.manage), each edit a new version with its reason.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { SCOPES, TIER_LABELS } from "@/lib/core/tiers";
import { listPolicyHistory } from "@/lib/scopes/list-policy-history";
import { formatPolicyRule, pickRules, POLICY_RULE_LABELS, POLICY_RULES } from "@/lib/scopes/policy-rules";
import { PolicyHistoryTable } from "./history-table";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("policy.read");
  const saved = firstParam((await searchParams).saved);
  const histories = await Promise.all(SCOPES.map(async (scope) => ({ scope, versions: await listPolicyHistory(user, scope) })));
  const editable = can(user, "policy.manage");

  return (
    <>
      <PageHeader
        title="Policies"
        description="The rules for each tier of personal data: how many privacy admins approve a request, how long a grant may last, what a request must carry, whether break-glass is allowed, and when a pending request times out. Every change is a new version, recorded in the access ledger with its reason."
      />
      {(SCOPES as readonly string[]).includes(saved) ? (
        <Alert variant="success" className="mb-4">
          Saved a new version of the {TIER_LABELS[saved as (typeof SCOPES)[number]]} policy. Grants and requests decided before keep the version they
          were decided under.
        </Alert>
      ) : null}
      <div className="flex flex-col gap-6">
        {histories.map(({ scope, versions }) => {
          const current = versions[0];
          return (
            <div key={scope} id={`policy-${scope}`} className="scroll-mt-4">
              <Card as="section" aria-labelledby={`policy-${scope}-title`}>
                <CardHeader
                  titleId={`policy-${scope}-title`}
                  title={
                    <span className="flex flex-wrap items-center gap-2">
                      <TierBadge tier={scope} />
                      <span>
                        {TIER_LABELS[scope]} <span className="font-normal text-slate-600">· version {current.version}</span>
                      </span>
                    </span>
                  }
                  description={`In force since ${formatUtc(current.createdAt)}${current.createdByEmail ? `, set by ${current.createdByEmail}` : ""}.`}
                />
                <dl data-policy={scope} className="grid gap-x-6 gap-y-2 px-4 py-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
                  {POLICY_RULES.filter((r) => r !== "breakGlassMaxMinutes" || current.breakGlassAllowed).map((rule) => (
                    <div key={rule} className="flex flex-col">
                      <dt className="text-xs text-slate-500">{POLICY_RULE_LABELS[rule]}</dt>
                      <dd
                        data-rule={rule}
                        className={rule === "ticketPattern" && current.ticketPattern ? "font-mono text-slate-900" : "text-slate-900"}
                      >
                        {formatPolicyRule(rule, current)}
                      </dd>
                    </div>
                  ))}
                </dl>
                {editable ? <PolicyForm key={current.version} scope={scope} version={current.version} rules={pickRules(current)} /> : null}
                <details className="border-t border-slate-200">
                  <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-indigo-700 hover:underline">
                    Version history ({versions.length})
                  </summary>
                  <div className="px-4 pb-4">
                    <PolicyHistoryTable
                      caption={`${TIER_LABELS[scope]} policy versions, newest first`}
                      rows={versions.map((v) => ({
                        version: v.version,
                        createdAt: v.createdAt.toISOString(),
                        createdByEmail: v.createdByEmail,
                        changeReason: v.changeReason,
                        changes: v.changes,
                      }))}
                    />
                  </div>
                </details>
              </Card>
            </div>
          );
        })}
      </div>
    </>
  );
}
