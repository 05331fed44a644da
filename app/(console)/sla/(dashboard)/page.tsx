// SLA dashboards (issue 10): a line of how many promises hold, a tile per SLA (data platform first, then the
// governance SLIs Warden computes from itself), and the 90-day breach timeline across all of them.
import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { SLA_STATUS_LABELS, type SlaStatus } from "@/lib/sla/types";
import type { SlaTileView } from "@/lib/sla/views";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { BreachHeatmap } from "@/components/sla/breach-heatmap";
import { SlaTile } from "@/components/sla/sla-tile";
import { STATUS_STYLES } from "@/components/sla/status";
import { cn } from "@/components/ui/cn";
import { liveSlaDashboard } from "@/lib/sla/read/dashboard";

export const metadata: Metadata = { title: "SLAs" };

const ORDER: SlaStatus[] = ["ok", "warn", "breach", "no_data"];
// Worst first, so what broke is what you see first.
const RANK: Record<SlaStatus, number> = { breach: 0, warn: 1, ok: 2, no_data: 3 };

export default async function SlaDashboardPage() {
  await requirePagePermission("sla.read");
  const at = now();
  const { tiles, timeline } = await liveSlaDashboard();
  const counts = Object.fromEntries(ORDER.map((s) => [s, tiles.filter((t) => t.status === s).length])) as Record<SlaStatus, number>;
  const sorted = [...tiles].sort((a, b) => RANK[a.status] - RANK[b.status] || a.def.key.localeCompare(b.def.key));
  const platform = sorted.filter((t) => t.def.source === "ingest");
  const governance = sorted.filter((t) => t.def.source === "warden");
  return (
    <>
      <PageHeader
        title="SLAs"
        description="The data platform's promises and the governance promises Warden keeps itself: which hold, how much error budget is left, and when they broke. Tiles reference each SLA as key@version."
      />
      {tiles.length === 0 ? (
        <Card>
          <EmptyState
            title="No SLA is defined"
            description="SLA definitions arrive with the database migrations; run the migrations and the demo seed."
          />
        </Card>
      ) : (
        <>
          <section aria-labelledby="sla-summary-title" className="mb-6">
            <h2 id="sla-summary-title" className="sr-only">
              Summary
            </h2>
            <ul className="flex flex-wrap gap-2" data-testid="sla-summary">
              {ORDER.map((s) => (
                <li
                  key={s}
                  data-summary={s}
                  className={cn(
                    "flex items-center gap-2 rounded-md border bg-white px-3 py-1.5 text-sm",
                    counts[s] > 0 && s === "breach" ? "border-red-300" : counts[s] > 0 && s === "warn" ? "border-amber-300" : "border-slate-200",
                  )}
                >
                  <span aria-hidden="true" className={cn("size-2 rounded-full", STATUS_STYLES[s].dot)} />
                  <span className="font-semibold tabular-nums text-slate-900" data-testid={`sla-count-${s}`}>
                    {counts[s]}
                  </span>
                  <span className="text-slate-700">{SLA_STATUS_LABELS[s].toLowerCase()}</span>
                </li>
              ))}
            </ul>
          </section>
          <TileSection
            id="sla-platform"
            title="Data platform"
            description="Observations reported by the platform's pipelines, warehouse and BI."
            tiles={platform}
            at={at}
          />
          <TileSection
            id="sla-governance"
            title="Governance SLIs"
            description="Computed by Warden from its own gateway, ledger, requests, reviews, purges and exports."
            tiles={governance}
            at={at}
          />
          <Card as="section" aria-labelledby="sla-timeline" className="mb-6">
            <CardHeader
              titleId="sla-timeline"
              title="Breach timeline"
              description={`Every SLA, day by day, over the last ${timeline.days.length} days (UTC).`}
            />
            <div className="p-4">
              <BreachHeatmap timeline={timeline} />
            </div>
          </Card>
        </>
      )}
    </>
  );
}

function TileSection({ id, title, description, tiles, at }: { id: string; title: string; description: string; tiles: SlaTileView[]; at: Date }) {
  if (tiles.length === 0) return null;
  return (
    <section aria-labelledby={id} className="mb-6">
      <div className="mb-3">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <p className="text-sm text-slate-600">{description}</p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4">
        {tiles.map((t) => (
          <SlaTile key={t.def.key} tile={t} at={at} />
        ))}
      </ul>
    </section>
  );
}
