// The verification panel: the last result (when, by whom, ok or the finding), how much of the ledger the signed
// checkpoints cover, and a button that verifies the whole ledger as a job, with its progress (decision 018).
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pickParam } from "@/components/data-table/table-href";
import { formatNumber, formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { ledgerCoverage } from "@/lib/ledger/coverage";
import { findVerificationRuns, type VerificationRun } from "@/lib/verification/verification-runs";
import { startVerificationAction } from "./actions";
import { AutoRefresh } from "@/components/ui/auto-refresh";

export const metadata: Metadata = { title: "Ledger verification" };

const NOTICES: Record<string, { variant: "success" | "info"; text: string }> = {
  started: { variant: "success", text: "Verification started. It runs in the background; this page follows it." },
};

export default async function LedgerVerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("ledger.read");
  const notice = pickParam(NOTICES, (await searchParams).notice);
  const [{ latest, lastFinished }, coverage] = await Promise.all([findVerificationRuns(), ledgerCoverage()]);
  const active = latest && (latest.status === "queued" || latest.status === "running") ? latest : null;

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/ledger">Access ledger</Link>}
        title="Ledger verification"
        description="Recomputes every entry's hash and the chain, checks every signed checkpoint's root, signature and consistency with the one before, and the witness log. The same check as npm run warden -- ledger verify."
        actions={
          can(user, "ledger.verify") ? (
            <form action={startVerificationAction}>
              <Button type="submit" variant="primary" disabled={active !== null}>
                {active ? "Verification running…" : "Verify the ledger now"}
              </Button>
            </form>
          ) : null
        }
      />
      {notice ? (
        <Alert variant={notice.variant} className="mb-4">
          {notice.text}
        </Alert>
      ) : null}

      {active ? (
        <Card as="section" aria-labelledby="running" className="mb-4">
          <CardHeader titleId="running" title="Verification in progress" description={`Started ${formatUtc(active.createdAt)} by ${who(active)}`} />
          <div className="p-4">
            <Progress run={active} />
          </div>
          <AutoRefresh everyMs={1_500} />
        </Card>
      ) : null}

      <Card as="section" aria-labelledby="last-result" className="mb-4">
        <CardHeader titleId="last-result" title="Last verification" />
        {lastFinished ? (
          <LastResult run={lastFinished} />
        ) : (
          <EmptyState title="Never verified from the console" description="Start a verification to see its result here." />
        )}
      </Card>

      <Card as="section" aria-labelledby="coverage">
        <CardHeader titleId="coverage" title="Signed checkpoints" />
        <dl className="grid gap-3 p-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-600">Entries</dt>
            <dd className="font-medium text-slate-900">{formatNumber(coverage.headSeq)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Covered by the newest checkpoint</dt>
            <dd className="font-medium text-slate-900">
              {formatNumber(coverage.checkpointedSeq)}
              {coverage.lastCheckpointAt ? (
                <span className="font-normal text-slate-600"> (signed {formatUtc(coverage.lastCheckpointAt)})</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Newest entries no checkpoint covers yet</dt>
            <dd className="font-medium text-slate-900">{formatNumber(coverage.uncovered)}</dd>
          </div>
        </dl>
      </Card>
    </>
  );
}

const who = (run: VerificationRun) => run.startedByName ?? "the system";

function Progress({ run }: { run: VerificationRun }) {
  const pct = run.total > 0 ? Math.min(100, Math.round((run.done / run.total) * 100)) : 0;
  return (
    <div>
      <div
        role="progressbar"
        aria-label="Verification progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-sky-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-2 text-sm text-slate-600">
        {run.status === "queued" ? "Waiting for the job runner…" : `${formatNumber(run.done)} of ${formatNumber(run.total)} entries (${pct}%)`}
      </p>
    </div>
  );
}

function LastResult({ run }: { run: VerificationRun }) {
  return (
    <div className="space-y-2 p-4 text-sm" data-testid="verification-result">
      <p>
        {run.status === "error" ? (
          <Badge variant="warning">Could not run</Badge>
        ) : run.ok ? (
          <Badge variant="success">Intact</Badge>
        ) : (
          <Badge variant="danger">Failed: {run.kind ?? "finding"}</Badge>
        )}{" "}
        {run.location ? <span className="font-medium text-slate-900">at {run.location}</span> : null}
      </p>
      <p className="text-slate-600">
        {run.finishedAt ? `Finished ${formatUtc(run.finishedAt)}` : null} · started by {who(run)} · {formatNumber(run.done)} entries walked
      </p>
      {run.summary ? <p className="break-words font-mono text-xs text-slate-700">{run.summary}</p> : null}
    </div>
  );
}
