// The home page's legal holds and retention figures (issue 9), for those who may see matters or purge runs: active
// holds, the records they protect, the last purge's outcome and when the nightly purge next starts.
import { formatAgo, formatNumber, formatRelative, formatUtc } from "@/components/data/format";
import type { HoldsSummary } from "@/lib/holds/holds-summary";
import type { lastPurgeRun } from "@/lib/holds/purge/read-purge-runs";
import { Tile } from "./attention-panels";

type LastRun = Awaited<ReturnType<typeof lastPurgeRun>>;

export interface HoldsPanelData {
  holds: HoldsSummary | null;
  purge: { last: LastRun; next: Date } | null;
}

export function HoldsPanel({ data, at }: { data: HoldsPanelData; at: Date }) {
  const { holds, purge } = data;
  if (!holds && !purge) return null;
  return (
    <section aria-labelledby="home-holds" className="mb-6 space-y-3">
      <h2 id="home-holds" className="text-base font-semibold text-slate-900">
        Legal holds and retention
      </h2>
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {holds ? (
          <>
            <Tile
              href="/holds"
              label="Active legal holds"
              testId="home-active-holds"
              value={holds.activeHolds}
              hint={`in ${holds.openMatters === 1 ? "1 open matter" : `${formatNumber(holds.openMatters)} open matters`}`}
            />
            <Tile
              href="/holds"
              label="Records under hold"
              testId="home-records-held"
              value={`${formatNumber(holds.recordsUnderHold.count)}${holds.recordsUnderHold.capped ? "+" : ""}`}
              hint={holds.recordsUnderHold.capped ? "at least; the count stops at its cap" : "kept from every purge"}
            />
          </>
        ) : null}
        {purge ? (
          <>
            <Tile
              href={purge.last ? `/purge/${purge.last.id}` : "/purge"}
              label="Last purge"
              testId="home-last-purge"
              value={purge.last ? lastRunHeadline(purge.last) : "None yet"}
              tone={purge.last && purge.last.status === "failed" ? "danger" : "neutral"}
              hint={purge.last ? <LastRunHint run={purge.last} at={at} /> : "no run has finished"}
            />
            <Tile
              href="/purge"
              label="Next scheduled purge"
              testId="home-next-purge"
              value={formatRelative(purge.next, at)}
              hint={<time dateTime={purge.next.toISOString()}>{formatUtc(purge.next)}</time>}
            />
          </>
        ) : null}
      </ul>
    </section>
  );
}

function lastRunHeadline(run: NonNullable<LastRun>): string {
  if (run.status === "failed") return "Failed";
  if (run.status === "cancelled") return "Cancelled";
  return run.mode === "dry_run" ? `${formatNumber(run.candidates)} due` : `${formatNumber(run.deleted)} deleted`;
}

function LastRunHint({ run, at }: { run: NonNullable<LastRun>; at: Date }) {
  return (
    <>
      {run.mode === "dry_run" ? "dry-run, " : ""}
      {formatNumber(run.heldBack)} held back
      {run.finishedAt ? (
        <>
          {", "}
          <time dateTime={run.finishedAt.toISOString()} title={formatUtc(run.finishedAt)}>
            {formatAgo(run.finishedAt, at)}
          </time>
        </>
      ) : null}
    </>
  );
}
