// Evidence bundles (issue 7 §3): an auditor (or a privacy admin) picks a period and optional filters and downloads
// one file that anyone can check offline. The form posts to ./download, which records the download first.
// Analysts are refused (403) and the refusal recorded.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { firstParam } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { ROLE_LABELS, ROLES } from "@/lib/core/permissions";
import { PRIVACY_TIERS, TIER_LABELS } from "@/lib/core/tiers";
import { BUNDLE_PERMISSION } from "@/lib/ledger/bundle/download-bundle";
import { ledgerCoverage } from "@/lib/ledger/coverage";
import { DECISIONS } from "@/lib/ledger/entry";
import { publishedVerifierKeys } from "@/lib/ledger/published-keys";

export const metadata: Metadata = { title: "Evidence bundle" };

const any = { value: "", label: "Any" };

export default async function EvidenceBundlePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission(BUNDLE_PERMISSION);
  const sp = await searchParams;
  const value = (k: string) => firstParam(sp[k]) ?? "";
  const error = value("error");
  const field = value("field");
  const errorFor = (k: string) => (error && field === k ? error : undefined);
  const [coverage, keys] = await Promise.all([ledgerCoverage(), publishedVerifierKeys()]);

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/ledger">← Access ledger</Link>}
        title="Evidence bundle"
        description="One file with the ledger entries of a period, the signed checkpoints that cover them, inclusion proofs for the entries you ask about and the public key. Anyone can check it offline, without Warden's database. The download is itself recorded in the ledger."
      />
      {error && !["from", "to", "actor", "role", "action", "tier", "dataset", "decision", "record"].includes(field) ? (
        <Alert variant="error" title="No bundle was made" className="mb-4">
          {error}
        </Alert>
      ) : null}
      <Alert variant={coverage.uncovered > 0 ? "warning" : "info"} className="mb-4">
        {coverage.checkpointedSeq === 0
          ? "No signed checkpoint exists yet, so no bundle can be made: the first checkpoint covers the ledger so far."
          : `Signed checkpoints cover seq 1 to ${coverage.checkpointedSeq}${coverage.uncovered > 0 ? `; the ${coverage.uncovered} newest entries are not covered yet and are left out of a bundle until the next checkpoint` : ""}.`}
      </Alert>
      <form method="post" action="/ledger/bundle/download" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold text-slate-900">Period (UTC)</legend>
          <Input
            label="From"
            name="from"
            type="datetime-local"
            step={1}
            defaultValue={value("from")}
            error={errorFor("from")}
            hint="Empty: from the first entry"
          />
          <Input label="To" name="to" type="datetime-local" step={1} defaultValue={value("to")} error={errorFor("to")} hint="Empty: up to now" />
        </fieldset>
        <fieldset className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <legend className="mb-2 text-sm font-semibold text-slate-900">Prove these entries one by one (optional)</legend>
          <Input
            label="Actor"
            name="actor"
            defaultValue={value("actor")}
            placeholder="usr_…"
            maxLength={64}
            autoComplete="off"
            error={errorFor("actor")}
          />
          <Select
            label="Role"
            name="role"
            defaultValue={value("role")}
            error={errorFor("role")}
            options={[any, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })), { value: "system", label: "System" }]}
          />
          <Input
            label="Action"
            name="action"
            defaultValue={value("action")}
            placeholder="e.g. gateway.record_viewed"
            maxLength={80}
            autoComplete="off"
            error={errorFor("action")}
          />
          <Select
            label="Tier"
            name="tier"
            defaultValue={value("tier")}
            error={errorFor("tier")}
            options={[any, ...PRIVACY_TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }))]}
          />
          <Input
            label="Dataset"
            name="dataset"
            defaultValue={value("dataset")}
            placeholder="dataset key"
            maxLength={200}
            autoComplete="off"
            error={errorFor("dataset")}
          />
          <Select
            label="Decision"
            name="decision"
            defaultValue={value("decision")}
            error={errorFor("decision")}
            options={[any, ...DECISIONS.map((d) => ({ value: d, label: d }))]}
          />
          <Input label="Record id" name="record" defaultValue={value("record")} maxLength={200} autoComplete="off" error={errorFor("record")} />
        </fieldset>
        <div>
          <Button type="submit" variant="primary">
            Download evidence bundle
          </Button>
        </div>
      </form>
      <Card className="mt-6">
        <CardHeader title="Checking a bundle" description="On any machine, with no database and no network:" />
        <div className="space-y-3 px-4 py-3 text-sm text-slate-700">
          <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">
            npm run warden -- ledger verify --bundle FILE --trusted-key &apos;VKEY&apos;
          </pre>
          <p>
            VKEY is the deployment&apos;s published verifier key. Give it to the recipient through a channel they trust, not inside the bundle: a
            bundle checked only against its own key proves nothing about who signed it. The bundle&apos;s README.txt explains how to check it without
            Warden.
          </p>
          {keys.length ? (
            <div>
              <p className="font-medium text-slate-900">Published verifier key{keys.length > 1 ? "s" : ""}</p>
              <ul className="mt-1 space-y-1">
                {keys.map((k) => (
                  <li key={k.vkey}>
                    <code className="break-all text-xs" data-testid="published-vkey">
                      {k.vkey}
                    </code>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </Card>
    </>
  );
}
