// The home page's SLA figures (issue 10): how many promises are breached and at risk right now, linking to /sla.
import { Tile } from "./attention-panels";

export interface SlaPanelData {
  breached: number;
  atRisk: number;
  total: number;
}

export function SlaPanel({ data }: { data: SlaPanelData | null }) {
  if (!data) return null;
  return (
    <section aria-labelledby="home-sla" className="mb-6 space-y-3">
      <h2 id="home-sla" className="text-base font-semibold text-slate-900">
        SLAs
      </h2>
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Tile
          href="/sla"
          label="SLAs breached"
          testId="home-sla-breached"
          value={data.breached}
          tone={data.breached > 0 ? "danger" : "neutral"}
          hint={`of ${data.total} promises`}
        />
        <Tile
          href="/sla"
          label="SLAs at risk"
          testId="home-sla-at-risk"
          value={data.atRisk}
          tone={data.atRisk > 0 ? "warning" : "neutral"}
          hint="burning budget fast or past a warn level"
        />
      </ul>
    </section>
  );
}
