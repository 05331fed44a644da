// Retention: each warehouse dataset's policy in force and its version history, for privacy admins and auditors
// (retention.read); privacy admins edit them (retention.manage), each edit a new version with its reason. The next
// purge estimate counts retention alone: what active holds keep back is the purge dry-run's figure.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { listRetentionPolicies } from "@/lib/holds/retention/list-retention-policies";
import { retentionEstimates, type RetentionEstimate } from "@/lib/holds/retention/retention-estimates";
import { formatStateOverrides } from "@/lib/holds/retention/retention-terms";
import { RetentionHistoryTable } from "./history-table";
import { describeDays } from "./describe-days";
import { RetentionPoliciesTable } from "./policies-table";
import { RetentionPolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Retention" };

export default async function RetentionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("retention.read");
  const saved = firstParam((await searchParams).saved);
  const datasets = await listRetentionPolicies(user);
  let estimates: RetentionEstimate[] | null = null;
  try {
    estimates = await retentionEstimates();
  } catch (err) {
    // The policies are the console's own; an unreachable warehouse must not hide them.
    console.error("[warden] retention estimates failed", err);
  }
  const editable = can(user, "retention.manage");
  const savedMatch = /^(.+)\/v(\d+)$/.exec(saved);

  return (
    <>
      <PageHeader
        title="Retention"
        description="How long each warehouse dataset keeps its records, counted from which date, where a state's law keeps them longer (the longest applicable retention wins), and the legal basis. The nightly purge deletes what is past retention unless a legal hold covers it. A dataset without a policy is never purged. Every change is a new version, recorded in the access ledger with its reason."
      />
      {savedMatch ? (
        <Alert variant="success" className="mb-4">
          Saved version {savedMatch[2]} of the {savedMatch[1]} retention policy. The next purge run uses it; runs already started keep the version
          they snapshotted.
        </Alert>
      ) : null}
      {estimates === null ? (
        <Alert variant="warning" className="mb-4">
          The warehouse could not be counted just now, so the purge estimates are missing. The policies below are unaffected.
        </Alert>
      ) : null}
      <div className="flex flex-col gap-6">
        <Card as="section" aria-labelledby="retention-policies-title">
          <CardHeader
            titleId="retention-policies-title"
            title="Policies in force"
            description="Past retention now counts the records a purge would consider today, before holds: records under an active legal hold are kept, and the purge's dry-run lists how many each hold keeps back. A record that another still references (a person with bookings) waits until those go."
          />
          <RetentionPoliciesTable
            rows={datasets.map((d) => {
              const e = estimates?.find((x) => x.datasetRef === d.datasetRef);
              return {
                datasetRef: d.datasetRef,
                policy: d.current
                  ? {
                      days: d.current.terms.days,
                      dateColumn: d.current.terms.dateColumn,
                      overrides: formatStateOverrides(d.current.terms.stateOverrides),
                      legalBasis: d.current.legalBasis,
                      version: d.current.version,
                      createdAt: d.current.createdAt.toISOString(),
                      createdByEmail: d.current.createdByEmail,
                    }
                  : null,
                estimate: e ? { due: e.due.count, capped: e.due.capped, nextDueAt: e.nextDueAt } : null,
              };
            })}
          />
        </Card>
        {datasets.map((d) => (
          <div key={d.datasetRef} id={`retention-${d.datasetRef}`} className="scroll-mt-4" data-retention-dataset={d.datasetRef}>
            <Card as="section" aria-labelledby={`retention-${d.datasetRef}-title`}>
              <CardHeader
                titleId={`retention-${d.datasetRef}-title`}
                title={
                  <span>
                    <span className="font-mono">{d.datasetRef}</span>{" "}
                    <span className="font-normal text-slate-600">· {d.current ? `version ${d.current.version}` : "no policy"}</span>
                  </span>
                }
                description={
                  d.current
                    ? `Keeps ${describeDays(d.current.terms.days)} from ${d.current.terms.dateColumn}${
                        Object.keys(d.current.terms.stateOverrides).length > 0
                          ? `, longer in ${formatStateOverrides(d.current.terms.stateOverrides)}`
                          : ""
                      }. In force since ${formatUtc(d.current.createdAt)}${d.current.createdByEmail ? `, set by ${d.current.createdByEmail}` : ""}.`
                    : "No retention policy: the purge never deletes from this dataset."
                }
              />
              {editable ? (
                <RetentionPolicyForm
                  key={d.current?.version ?? 0}
                  dataset={d.datasetRef}
                  version={d.current?.version ?? 0}
                  dateColumns={d.dateColumns}
                  current={
                    d.current
                      ? {
                          days: d.current.terms.days,
                          dateColumn: d.current.terms.dateColumn,
                          stateOverrides: formatStateOverrides(d.current.terms.stateOverrides),
                          legalBasis: d.current.legalBasis,
                        }
                      : null
                  }
                />
              ) : null}
              <details className="border-t border-slate-200">
                <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-indigo-700 hover:underline">
                  Version history ({d.versions.length})
                </summary>
                <div className="px-4 pb-4">
                  <RetentionHistoryTable
                    caption={`Retention policy versions of ${d.datasetRef}, newest first`}
                    rows={d.versions.map((v) => ({
                      version: v.version,
                      current: v.current,
                      days: v.terms.days,
                      dateColumn: v.terms.dateColumn,
                      overrides: formatStateOverrides(v.terms.stateOverrides),
                      createdAt: v.createdAt.toISOString(),
                      createdByEmail: v.createdByEmail,
                      changeReason: v.changeReason,
                    }))}
                  />
                </div>
              </details>
            </Card>
          </div>
        ))}
      </div>
    </>
  );
}
