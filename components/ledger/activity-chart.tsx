// The ledger's activity over the selected range, by decision and by the tier asked for: server-rendered SVG, one
// <path> per series (so a long range costs the page a few elements, not one per bar), no chart library.
import type { Decision } from "@/lib/ledger/entry";
import type { LedgerActivity } from "@/lib/ledger/ledger-activity";
import { PRIVACY_TIERS, TIER_LABELS, type PrivacyTier } from "@/lib/core/tiers";

const DECISION_SERIES: Array<{ key: Decision; label: string; color: string }> = [
  { key: "allow", label: "allow", color: "#059669" },
  { key: "mask", label: "mask", color: "#d97706" },
  { key: "deny", label: "deny", color: "#dc2626" },
];
const TIER_COLORS: Record<PrivacyTier, string> = {
  none: "#94a3b8",
  pii_basic: "#0ea5e9",
  pii_sensitive: "#6366f1",
  pii_tax: "#a855f7",
  background: "#e11d48",
};
const TIER_SERIES = PRIVACY_TIERS.map((t) => ({ key: t, label: TIER_LABELS[t], color: TIER_COLORS[t] }));

const BAR = 10;
const HEIGHT = 60;

function Stacked<K extends string>({
  title,
  activity,
  series,
  pick,
}: {
  title: string;
  activity: LedgerActivity;
  series: Array<{ key: K; label: string; color: string }>;
  pick: (b: LedgerActivity["buckets"][number]) => Partial<Record<K, number>>;
}) {
  const max = Math.max(1, ...activity.buckets.map((b) => b.total));
  const totals = new Map<K, number>();
  const paths = new Map<K, string>();
  activity.buckets.forEach((b, i) => {
    let y = HEIGHT;
    const counts = pick(b);
    for (const s of series) {
      const n = counts[s.key] ?? 0;
      if (!n) continue;
      totals.set(s.key, (totals.get(s.key) ?? 0) + n);
      const h = (n / max) * HEIGHT;
      y -= h;
      paths.set(s.key, `${paths.get(s.key) ?? ""}M${i * BAR + 1} ${y.toFixed(2)}h${BAR - 2}v${h.toFixed(2)}h${2 - BAR}Z`);
    }
  });
  const width = Math.max(1, activity.buckets.length) * BAR;
  const shown = series.filter((s) => totals.get(s.key));
  const summary = shown.map((s) => `${s.label} ${(totals.get(s.key) ?? 0).toLocaleString("en-US")}`).join(", ") || "no entries";
  return (
    <figure className="min-w-0 flex-1">
      <figcaption className="mb-1 text-xs font-medium text-slate-600">{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-16 w-full rounded bg-slate-50"
        role="img"
        aria-label={`${title}: ${summary}`}
      >
        {shown.map((s) => (
          <path key={s.key} d={paths.get(s.key)} fill={s.color} />
        ))}
      </svg>
      <ul className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600" aria-hidden="true">
        {shown.map((s) => (
          <li key={s.key} className="flex items-center gap-1">
            <span className="size-2 rounded-sm" style={{ background: s.color }} />
            {s.label} {(totals.get(s.key) ?? 0).toLocaleString("en-US")}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function ActivityChart({ activity, defaultRange }: { activity: LedgerActivity; defaultRange: boolean }) {
  const span = `${activity.from.slice(0, 16).replace("T", " ")} – ${activity.to.slice(0, 16).replace("T", " ")} UTC`;
  return (
    <section aria-label="Activity" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <p className="mb-2 text-xs text-slate-600">
        Entries per {activity.unit}, {span}
        {defaultRange ? " (the last 24 hours; set a time range to chart another)" : ""}
        {activity.pending > 0
          ? `; ${activity.pending} older ${activity.unit === "hour" ? "hours" : "days"} are still being counted (reload to continue)`
          : ""}
        .
      </p>
      <div className="flex flex-col gap-4 md:flex-row">
        <Stacked title="By decision" activity={activity} series={DECISION_SERIES} pick={(b) => b.byDecision} />
        <Stacked title="By tier asked" activity={activity} series={TIER_SERIES} pick={(b) => b.byTier} />
      </div>
    </section>
  );
}
