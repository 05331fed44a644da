// One purge run: its status and progress, its counts and duration, the breaker's limit, and the report — per dataset
// its candidates by reason, held back and deleted; per hold what it kept back with a few record ids. A privacy admin
// approves a tripped run (not the one who started it) or cancels an open one; the report downloads as CSV or JSON.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { getPurgeRun } from "@/lib/holds/purge/read-purge-runs";
import { ApprovePurgeForm, CancelPurgeForm } from "../purge-forms";
import { PurgeProgress, PurgeStatusBadge } from "../purge-status";
import { durationText } from "../run-rows";

export const metadata: Metadata = { title: "Purge run" };

const NOTICES: Record<string, string> = {
  started: "Run started: it is queued for the job runner.",
  approved: "Run approved: it continues where the breaker stopped it.",
  cancelled: "Run cancelled.",
};

const n = (x: number) => x.toLocaleString("en-US");

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_minmax(0,1fr)] gap-3 border-t border-slate-100 py-2 text-sm first:border-t-0">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function PurgeRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("purge.read");
  const { id } = await params;
  const sp = await searchParams;
  const run = await getPurgeRun(id);
  if (!run) notFound();
  const notice = NOTICES[firstParam(sp.notice)];
  const moving = run.status === "queued" || run.status === "running";
  const report = run.report;
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/purge">Purge runs</Link>}
        title={`Purge run ${run.id}`}
        description={`${run.mode === "execute" ? "Execute" : "Dry-run"} · started ${formatUtc(run.startedAt ?? run.createdAt)} by ${
          run.trigger === "schedule" ? "the nightly schedule" : run.trigger === "cli" ? "the command line" : (run.startedByEmail ?? "a console user")
        }`}
        actions={<PurgeStatusBadge status={run.status} />}
      />
      {moving ? <AutoRefresh everyMs={1000} /> : null}
      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      {run.status === "tripped" ? (
        <Alert variant="warning" title="Stopped by the circuit breaker" className="mb-4">
          {run.trippedReason}
        </Alert>
      ) : null}
      {run.status === "failed" ? (
        <Alert variant="error" title="The run failed" className="mb-4">
          {run.error}
        </Alert>
      ) : null}
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Run" />
          <dl className="px-4 py-2">
            {moving ? (
              <Row label="Progress">
                <PurgeProgress done={run.progressDone} total={run.progressTotal} counting={!run.counted} />
              </Row>
            ) : null}
            <Row label="Candidates">
              <span data-testid="purge-candidates">{n(run.candidates)}</span>
            </Row>
            <Row label="Held back">
              <span data-testid="purge-held-back">{n(run.heldBack)}</span>
            </Row>
            <Row label="Deleted">
              <span data-testid="purge-deleted">{n(run.deleted)}</span>{" "}
              {run.mode === "execute" ? `in ${n(run.batches)} batches` : "(a dry-run deletes nothing)"}
            </Row>
            <Row label="Duration">{durationText(run.durationMs)}</Row>
            {run.breakerLimit !== null ? <Row label="Breaker limit">{n(run.breakerLimit)} records</Row> : null}
            {run.approvedAt ? (
              <Row label="Approved">
                {run.approvedByEmail ?? run.approvedById} at {formatUtc(run.approvedAt)}
              </Row>
            ) : null}
            {report ? <Row label="Retention measured at">{formatUtc(report.at)}</Row> : null}
            {report ? (
              <Row label="Report">
                <span className="flex gap-3">
                  <a className="font-medium text-indigo-700 underline" href={`/purge/${run.id}/report?format=csv`} download>
                    CSV
                  </a>
                  <a className="font-medium text-indigo-700 underline" href={`/purge/${run.id}/report?format=json`} download>
                    JSON
                  </a>
                </span>
              </Row>
            ) : null}
          </dl>
        </Card>
        {(run.status === "tripped" && can(user, "purge.approve")) || (moving && can(user, "purge.run")) ? (
          <Card>
            <CardHeader
              title="Decide"
              description={run.status === "tripped" ? "Another privacy admin than the one who started it approves." : undefined}
            />
            <div className="flex flex-col gap-6 p-4">
              {run.status === "tripped" && can(user, "purge.approve") ? <ApprovePurgeForm runId={run.id} /> : null}
              {can(user, "purge.run") ? <CancelPurgeForm runId={run.id} /> : null}
            </div>
          </Card>
        ) : null}
      </div>
      {report ? (
        <div className="grid gap-6">
          <Card>
            <CardHeader title="By dataset, policy and reason" />
            <div className="overflow-x-auto p-4">
              <table className="w-full text-sm" aria-label="Candidates by dataset, policy and reason">
                <thead>
                  <tr className="text-left text-slate-600">
                    <th className="py-1 pr-4 font-medium">Dataset</th>
                    <th className="py-1 pr-4 font-medium">Policy</th>
                    <th className="py-1 pr-4 font-medium">Reason</th>
                    <th className="py-1 pr-4 text-right font-medium">Candidates</th>
                    <th className="py-1 pr-4 text-right font-medium">Held back</th>
                    <th className="py-1 pr-4 text-right font-medium">{run.mode === "execute" ? "Deleted" : "Would delete"}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.datasets.map((d) => (
                    <tr key={d.dataset} className="border-t border-slate-100 align-top" data-dataset={d.dataset}>
                      <td className="py-1 pr-4 font-mono text-xs">{d.dataset}</td>
                      <td className="py-1 pr-4 font-mono text-xs">
                        {d.policyId} v{d.policyVersion}
                      </td>
                      <td className="py-1 pr-4">
                        {d.skipped ? (
                          d.skipped
                        ) : (
                          <ul>
                            {d.reasons.map((r) => (
                              <li key={r.reason}>
                                {r.reason}: <span className="tabular-nums">{n(r.candidates)}</span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td className="py-1 pr-4 text-right tabular-nums">{n(d.candidates)}</td>
                      <td className="py-1 pr-4 text-right tabular-nums">{n(d.heldBack)}</td>
                      <td className="py-1 pr-4 text-right tabular-nums">{n(run.mode === "execute" ? (d.deleted ?? 0) : d.toDelete)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card>
            <CardHeader
              title="Held back by each hold"
              description="Counted when the run started; a hold activated later protected its records too."
            />
            <div className="overflow-x-auto p-4">
              {report.holds.length === 0 ? (
                <p className="text-sm text-slate-600">No active hold covered a candidate.</p>
              ) : (
                <table className="w-full text-sm" aria-label="Held back by each hold">
                  <thead>
                    <tr className="text-left text-slate-600">
                      <th className="py-1 pr-4 font-medium">Hold</th>
                      <th className="py-1 pr-4 font-medium">Dataset</th>
                      <th className="py-1 pr-4 text-right font-medium">Held back</th>
                      <th className="py-1 pr-4 font-medium">Sample record ids</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.holds.flatMap((h) =>
                      (h.datasets.length > 0 ? h.datasets : [{ dataset: "—", heldBack: 0, sampleIds: [] }]).map((d) => (
                        <tr key={`${h.holdId}-${d.dataset}`} className="border-t border-slate-100 align-top" data-hold={h.holdId}>
                          <td className="py-1 pr-4">
                            <span className="block">{h.name}</span>
                            <span className="font-mono text-xs text-slate-600">
                              {h.holdId} v{h.version} · {h.matterId}
                            </span>
                            {h.subjects && h.subjects.length > 0 ? (
                              <span className="block font-mono text-xs text-slate-600" data-testid="purge-hold-subjects">
                                holds {h.subjects.slice(0, 5).join(", ")}
                                {h.subjects.length > 5 ? ` and ${h.subjects.length - 5} more` : ""}
                              </span>
                            ) : null}
                          </td>
                          <td className="py-1 pr-4 font-mono text-xs">{d.dataset}</td>
                          <td className="py-1 pr-4 text-right tabular-nums">{n(d.heldBack)}</td>
                          <td className="py-1 pr-4 font-mono text-xs">{d.sampleIds.join(", ") || "—"}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              )}
            </div>
          </Card>
        </div>
      ) : null}
    </>
  );
}
