// STAND-IN (issue 10, governance slice) for `slaDashboard` in lib/sla/read/dashboard.ts, which the math slice
// writes in parallel. It returns tiles with only what alerting reads (status, reason, burn rates empty) from a naive
// reading of the raw observations: good ÷ total over the definition's window against the target, and for
// invariants any observation short of its total. The lead swaps the import in lib/sla/evaluate.ts at merge and
// deletes this file.
import { getDb } from "@/lib/db/client";
import type { BreachTimeline, SlaTileView } from "@/lib/sla/views";
import type { BudgetingMethod, SlaDefinitionView, SliKind, SlaSource, ThresholdUnit } from "@/lib/sla/types";

const DAY_MS = 86_400_000;

export async function slaDashboard(opts: { at?: Date } = {}): Promise<{ tiles: SlaTileView[]; timeline: BreachTimeline }> {
  const at = opts.at ?? new Date();
  const defs = await getDb().slaDefinition.findMany({ where: { current: true }, orderBy: { key: "asc" } });
  const tiles: SlaTileView[] = [];
  for (const row of defs) {
    const def: SlaDefinitionView = {
      ...row,
      ref: `${row.key}@${row.version}`,
      sliKind: row.sliKind as SliKind,
      budgeting: row.budgeting as BudgetingMethod,
      unit: row.unit as ThresholdUnit,
      source: row.source as SlaSource,
    };
    const obs = await getDb().slaObservation.findMany({
      where: { slaKey: def.key, observedAt: { gt: new Date(at.getTime() - def.windowDays * DAY_MS), lte: at } },
      select: { good: true, total: true, value: true },
    });
    // A rough judge for the "threshold decides" kinds (0/1 stored): good when the value is within the threshold.
    // Daily closes and spend need the real judge's calendar maths: left out here (no data).
    if (def.sliKind === "daily_close" || def.sliKind === "spend") obs.length = 0;
    for (const o of obs) if (o.total === 1 && o.good === 0 && o.value !== null && def.threshold !== null) o.good = o.value <= def.threshold ? 1 : 0;
    const good = obs.reduce((s, o) => s + o.good, 0);
    const total = obs.reduce((s, o) => s + o.total, 0);
    const attainment = total > 0 ? good / total : null;
    const breach = def.budgeting === "invariant" ? obs.some((o) => o.good < o.total) : attainment !== null && attainment < def.target;
    tiles.push({
      def,
      method: def.budgeting,
      status: obs.length === 0 ? "no_data" : breach ? "breach" : "ok",
      statusReason: attainment === null ? "No data" : `${(attainment * 100).toFixed(2)}% against ${(def.target * 100).toFixed(2)}%`,
      current: { value: attainment, text: attainment === null ? "—" : `${(attainment * 100).toFixed(2)}%` },
      targetText: `≥ ${(def.target * 100).toFixed(2)}%`,
      attainment7d: null,
      attainment30d: attainment,
      budget: null,
      burn: [],
      sparkline: [],
      lastObservedAt: null,
    });
  }
  return { tiles, timeline: { days: [], rows: [] } };
}
