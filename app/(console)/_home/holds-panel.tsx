// The home page's legal holds and retention figures (issue 9), for those who may see matters or purge runs: active
// holds, the records they protect, the last purge's outcome and when the nightly purge next starts.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatAgo, formatNumber, formatRelative, formatUtc } from "@/components/data/format";
import type { HoldsSummary } from "@/lib/holds/holds-summary";
import type { lastPurgeRun } from "@/lib/holds/purge/read-purge-runs";

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
            <Figure href="/holds" label="Active legal holds" testId="home-active-holds" value={formatNumber(holds.activeHolds)}>
              in {holds.openMatters === 1 ? "1 open matter" : `${formatNumber(holds.openMatters)} open matters`}
            </Figure>
            <Figure
              href="/holds"
              label="Records under hold"
              testId="home-records-held"
              value={`${formatNumber(holds.recordsUnderHold.count)}${holds.recordsUnderHold.capped ? "+" : ""}`}
            >
              {holds.recordsUnderHold.capped ? "at least; the count stops at its cap" : "kept from every purge"}
            </Figure>
          </>
        ) : null}
        {purge ? (
          <>
            <Figure
              href={purge.last ? `/purge/${purge.last.id}` : "/purge"}
              label="Last purge"
              testId="home-last-purge"
              value={purge.last ? lastRunHeadline(purge.last) : "None yet"}
              tone={purge.last && purge.last.status === "failed" ? "danger" : "neutral"}
            >
              {purge.last ? (
                <>
                  {purge.last.mode === "dry_run" ? "dry-run, " : ""}
                  {formatNumber(purge.last.heldBack)} held back
                  {purge.last.finishedAt ? (
                    <>
                      {", "}
                      <time dateTime={purge.last.finishedAt.toISOString()} title={formatUtc(purge.last.finishedAt)}>
                        {formatAgo(purge.last.finishedAt, at)}
                      </time>
                    </>
                  ) : null}
                </>
              ) : (
                "no run has finished"
              )}
            </Figure>
            <Figure href="/purge" label="Next scheduled purge" testId="home-next-purge" value={formatRelative(purge.next, at)}>
              <time dateTime={purge.next.toISOString()}>{formatUtc(purge.next)}</time>
            </Figure>
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

function Figure({
  href,
  label,
  value,
  children,
  tone = "neutral",
  testId,
}: {
  href: string;
  label: string;
  value: string;
  children: React.ReactNode;
  tone?: "neutral" | "danger";
  testId: string;
}) {
  return (
    <li>
      <Card
        className={cn(
          "relative h-full p-3 transition-shadow focus-within:ring-2 focus-within:ring-indigo-600 hover:border-slate-300 hover:shadow-sm",
          tone === "danger" && "border-red-300 bg-red-50/50",
        )}
      >
        <p className="text-xs font-medium text-slate-600">
          <Link href={href} className="after:absolute after:inset-0 focus-visible:outline-none" aria-label={`${label}: ${value}`}>
            {label}
          </Link>
        </p>
        <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
          {value}
        </p>
        <p className="mt-0.5 text-xs text-slate-600">{children}</p>
      </Card>
    </li>
  );
}
