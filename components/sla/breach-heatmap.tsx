"use client";

// The breach timeline: one row per SLA, one cell per day (oldest left), coloured by that day's status. Every cell
// names its day, status and counts (title for the pointer, aria-label for screen readers); a legend says what the
// colours mean, and each row's header links to the SLA. A client component (still rendered on the server) so the RSC
// payload carries the timeline's compact data once instead of 1,350 cells' markup a second time.
import Link from "next/link";
import { SLA_STATUS_LABELS, type SlaStatus } from "@/lib/sla/types";
import type { BreachTimeline } from "@/lib/sla/views";
import { cn } from "@/components/ui/cn";
import { STATUS_STYLES } from "./status";

const LEGEND: SlaStatus[] = ["ok", "warn", "breach", "no_data"];

// The row's header names the SLA (table navigation reads it out), so a cell says only its day and figures: 1,350
// cells, each in the HTML and again in the RSC payload.
function cellText(day: string, status: SlaStatus, bad: number, total: number): string {
  const counts = total > 0 ? `, ${bad.toLocaleString("en-US")} bad of ${total.toLocaleString("en-US")}` : "";
  return `${day}: ${SLA_STATUS_LABELS[status]}${counts}`;
}

export function BreachHeatmap({ timeline }: { timeline: BreachTimeline }) {
  const { days, rows } = timeline;
  const first = days[0];
  const last = days.at(-1);
  // Month starts label the axis: 90 columns are too narrow for every date.
  const monthStarts = new Set(days.filter((d, i) => i === 0 || d.endsWith("-01")));
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full border-separate border-spacing-0 text-xs" aria-describedby="heatmap-legend">
          <caption className="sr-only">
            Status per SLA and day, {first} to {last} (UTC days)
          </caption>
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-white pr-3 text-left font-medium text-slate-600">
                SLA
              </th>
              {days.map((d) => (
                <th key={d} scope="col" className="h-5 p-0 align-bottom font-normal text-slate-600">
                  {monthStarts.has(d) ? (
                    <span className="block w-0 overflow-visible whitespace-nowrap text-[10px]">{d.slice(5)}</span>
                  ) : (
                    <span className="sr-only">{d}</span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-heatmap-row={row.key}>
                <th scope="row" className="sticky left-0 z-10 max-w-56 truncate bg-white py-px pr-3 text-left font-normal">
                  <Link href={`/sla/${row.key}`} className="text-slate-800 hover:underline" title={row.ref}>
                    {row.name}
                  </Link>
                </th>
                {row.cells.map((c) => {
                  const text = cellText(c.day, c.status, c.bad, c.total);
                  return (
                    <td key={c.day} className="p-px">
                      <span
                        role="img"
                        aria-label={text}
                        title={text}
                        data-day={c.day}
                        data-status={c.status}
                        className={cn("block h-4 min-w-1.5 rounded-[2px]", STATUS_STYLES[c.status].cell)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul id="heatmap-legend" aria-label="Legend" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        {LEGEND.map((s) => (
          <li key={s} className="flex items-center gap-1.5">
            <span aria-hidden="true" className={cn("size-3 rounded-[2px]", STATUS_STYLES[s].cell)} />
            {SLA_STATUS_LABELS[s]}
            {s === "warn" ? " (some failures, within budget)" : s === "breach" ? " (the promise broke that day)" : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
