// One SLA at a glance: name and key@version, status (dot + label), the current value against the promise, 7- and
// 30-day attainment, the error budget left (as a share and as failures still allowed), burn rates, a 30-day sparkline
// and when it was last observed. `TileFigures` is the same block on the detail page.
import Link from "next/link";
import type { SlaTileView } from "@/lib/sla/views";
import { BURN_WINDOWS } from "@/lib/sla/types";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatAgo, formatUtc } from "@/components/data/format";
import { Sparkline } from "./sparkline";
import { SlaRefChip, SlaStatusBadge, STATUS_STYLES } from "./status";
import { formatAttainment } from "./units";

export function SlaTile({ tile, at }: { tile: SlaTileView; at: Date }) {
  const { def } = tile;
  return (
    <li data-sla-tile={def.key} data-sla-status={tile.status}>
      <Card
        className={cn(
          "relative flex h-full flex-col gap-3 p-4 transition-shadow focus-within:ring-2 focus-within:ring-indigo-600 hover:border-slate-300 hover:shadow-sm",
          STATUS_STYLES[tile.status].border,
          tile.status === "breach" && "bg-red-50/40",
        )}
      >
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <h3 className="text-sm font-semibold text-slate-900">
              {/* The link covers the tile (::after): one target per SLA, named by the SLA. */}
              <Link href={`/sla/${def.key}`} className="after:absolute after:inset-0 focus-visible:outline-none">
                {def.name}
              </Link>
            </h3>
            <SlaRefChip refText={def.ref} className="mt-1" />
          </div>
          <SlaStatusBadge status={tile.status} />
        </div>
        <TileFigures tile={tile} at={at} />
        <Sparkline points={tile.sparkline} target={def.target} label={sparkLabel(tile)} />
      </Card>
    </li>
  );
}

function sparkLabel(tile: SlaTileView): string {
  const breachDays = tile.sparkline.filter((p) => p.breach).length;
  return `${tile.def.name}, daily attainment over the last ${tile.sparkline.length} days: ${breachDays === 0 ? "no breach" : `${breachDays} day${breachDays === 1 ? "" : "s"} breached`}.`;
}

function Figure({ label, children, testId, className }: { label: string; children: React.ReactNode; testId?: string; className?: string }) {
  return (
    <div className={cn("min-w-0", className)}>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-sm font-medium tabular-nums text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export function TileFigures({ tile, at }: { tile: SlaTileView; at: Date }) {
  const { budget } = tile;
  return (
    <div className="space-y-2.5">
      <div>
        <p className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-xl font-semibold tabular-nums text-slate-900" data-testid="sla-current">
            {tile.current.text}
          </span>
          <span className="text-xs text-slate-600">
            target <span data-testid="sla-target">{tile.targetText}</span>
          </span>
        </p>
        <p className="mt-0.5 text-xs text-slate-600" data-testid="sla-status-reason">
          {tile.statusReason}
        </p>
      </div>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-2">
        <Figure label="Attainment 7 d" testId="sla-att-7d">
          {formatAttainment(tile.attainment7d)}
        </Figure>
        <Figure label="Attainment 30 d" testId="sla-att-30d">
          {formatAttainment(tile.attainment30d)}
        </Figure>
        <Figure label={budget ? `Error budget left (${budget.windowLabel})` : "Error budget"} className="col-span-2">
          {budget ? <BudgetLine budget={budget} /> : <span data-testid="sla-budget">No budget: any violation is a breach</span>}
        </Figure>
      </dl>
      {tile.burn.length > 0 ? (
        <div>
          <p className="text-xs text-slate-600">Burn rate</p>
          <ul className="mt-0.5 flex flex-wrap gap-1.5" aria-label="Burn rates">
            {BURN_WINDOWS.map((w) => {
              const b = tile.burn.find((x) => x.window === w.key);
              if (!b) return null;
              return (
                <li
                  key={w.key}
                  data-burn={w.key}
                  data-alerting={b.alerting ? "true" : "false"}
                  title={w.alertAt ? `Alerts at ${w.alertAt}× over ${w.key}` : `Over ${w.key}`}
                  className={cn(
                    "rounded px-1.5 py-0.5 text-xs tabular-nums ring-1 ring-inset",
                    b.alerting ? "bg-red-50 font-semibold text-red-700 ring-red-200" : "bg-slate-50 text-slate-700 ring-slate-200",
                  )}
                >
                  {w.key} {b.rate === null ? "—" : `${b.rate.toFixed(1)}×`}
                  {b.alerting ? <span className="sr-only"> (alerting)</span> : null}
                  {b.alerting ? <span aria-hidden="true"> ▲</span> : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <p className="text-xs text-slate-600">
        Last observed{" "}
        {tile.lastObservedAt ? (
          <time dateTime={tile.lastObservedAt} title={formatUtc(tile.lastObservedAt)} data-testid="sla-last-observed">
            {formatAgo(tile.lastObservedAt, at)}
          </time>
        ) : (
          <span data-testid="sla-last-observed">never</span>
        )}
      </p>
    </div>
  );
}

function BudgetLine({ budget }: { budget: NonNullable<SlaTileView["budget"]> }) {
  const pct = budget.remainingRatio;
  const spent = pct !== null && pct <= 0;
  const failures = budget.failuresLeft;
  return (
    <span className="flex flex-col">
      <span className="flex items-center gap-2">
        <span data-testid="sla-budget-pct" className={cn(spent && "text-red-700")}>
          {pct === null ? "no failure allowed" : `${(pct * 100).toFixed(1)}%`}
        </span>
        {pct !== null ? (
          <span
            role="meter"
            aria-label="Error budget left"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.max(0, Math.min(100, Math.round(pct * 100)))}
            className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100"
          >
            <span
              className={cn("block h-full rounded-full", spent ? "bg-red-600" : pct < 0.25 ? "bg-amber-500" : "bg-emerald-500")}
              style={{ width: `${Math.max(0, Math.min(100, pct * 100))}%` }}
            />
          </span>
        ) : null}
      </span>
      <span className="text-xs font-normal text-slate-600">
        <span data-testid="sla-failures-left">{failures.toLocaleString("en-US")}</span> {failures === 1 ? "failure" : "failures"} still allowed
        {" · "}
        {budget.used.toLocaleString("en-US")} of {budget.allowed.toLocaleString("en-US", { maximumFractionDigits: 1 })} used
      </span>
    </span>
  );
}
