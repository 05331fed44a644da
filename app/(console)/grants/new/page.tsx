// A privacy admin grants a tier directly (issue 6 item 5): the policy's limits are shown up front, beside the form.
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TierBadge } from "@/components/ui/badge";
import { requirePagePermission } from "@/lib/auth/session";
import { listPolicies } from "@/lib/scopes/get-policy";
import { describeMinutes } from "@/lib/scopes/durations";
import { grantFormChoices } from "@/lib/scopes/grant-directly";
import { EMPTY_GRANT_FORM } from "./form-state";
import { GrantForm } from "./grant-form";

export const metadata: Metadata = { title: "Grant access" };

export default async function NewGrantPage() {
  const user = await requirePagePermission("grant.manage");
  const [choices, policies] = await Promise.all([grantFormChoices(user), listPolicies()]);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/grants" className="hover:underline">
            ← Grants
          </Link>
        }
        title="Grant access"
        description="Give a console user a tier of personal data for a limited time, without a request. Never to yourself: another privacy admin grants you access. The grant, its reason and its end are recorded in the access ledger."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
        <Card className="p-4">
          <GrantForm initial={EMPTY_GRANT_FORM} choices={choices} />
        </Card>
        <Card as="section" aria-labelledby="grant-limits">
          <CardHeader titleId="grant-limits" title="Limits by tier" description="From the policies in force. A longer grant is refused." />
          <ul className="divide-y divide-slate-100">
            {policies.map((p) => (
              <li key={p.scope} data-policy-limit={p.scope} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm">
                <TierBadge tier={p.scope} />
                <span className="text-slate-700">
                  up to <strong className="font-medium text-slate-900">{describeMinutes(p.maxDurationMinutes)}</strong>
                  <span className="text-slate-500"> · policy v{p.version}</span>
                </span>
              </li>
            ))}
          </ul>
          <p className="border-t border-slate-100 px-4 py-2.5 text-xs text-slate-600">
            <Link href="/policies" className="font-medium text-indigo-700 hover:underline">
              Policies
            </Link>{" "}
            sets these limits and the rest of each tier&apos;s rules.
          </p>
        </Card>
      </div>
    </>
  );
}
