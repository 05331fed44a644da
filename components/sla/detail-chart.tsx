"use client";
// An SLA over the chosen range: the worst value per bucket against the threshold where the SLI has values (lag,
// latency, variance, spend), otherwise attainment per bucket against the target. Breach intervals are shaded red
// ON the chart, each shade an element with its own accessible label, so a breach is visible and announced.
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/sla/views";
import type { ThresholdUnit } from "@/lib/sla/types";
import { formatAxisValue, formatThreshold } from "./units";

export interface ChartBreach {
  from: string;
  to: string;
  label: string;
}

interface Props {
  series: SeriesPoint[];
  /** Bucket length, ms (an hour up to 7 days, a day beyond). */
  bucketMs: number;
  unit: ThresholdUnit;
  target: number;
  threshold: number | null;
  breaches: ChartBreach[];
  title: string;
}

const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const HOUR = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });

export function DetailChart({ series, bucketMs, unit, target, threshold, breaches, title }: Props) {
  const byValue = threshold !== null && series.some((p) => p.worst !== null);
  const data = series.map((p) => ({
    ts: Date.parse(p.t),
    v: byValue ? p.worst : p.attainment === null ? null : p.attainment * 100,
    breach: p.breach,
    good: p.good,
    total: p.total,
  }));
  const first = data[0]?.ts ?? 0;
  const last = (data.at(-1)?.ts ?? 0) + bucketMs;
  const values = data.map((d) => d.v).filter((v): v is number => v !== null);
  const ref = byValue ? threshold! : target * 100;
  const domain: [number, number] = byValue ? [0, Math.max(ref * 1.1, ...values)] : [Math.max(0, Math.floor(Math.min(ref - 0.5, ...values))), 100];
  const fmtTime = (t: number) => (bucketMs < 86_400_000 ? HOUR.format(t) : DATE.format(t));
  const fmtValue = (v: number) => (byValue ? formatAxisValue(unit, v) : `${Number(v.toFixed(2))}%`);
  return (
    <figure className="m-0">
      <figcaption className="sr-only">{title}</figcaption>
      <div data-testid="sla-chart" className="h-72 w-full">
        <ComposedChart responsive style={{ width: "100%", height: 288 }} data={data} margin={{ top: 12, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="ts"
            type="number"
            scale="time"
            domain={[first, last]}
            tickFormatter={fmtTime}
            tick={{ fontSize: 11, fill: "#475569" }}
            minTickGap={24}
          />
          <YAxis domain={domain} tickFormatter={fmtValue} tick={{ fontSize: 11, fill: "#475569" }} width={56} allowDataOverflow />
          {breaches.map((b) => (
            <ReferenceArea
              key={b.from}
              x1={Date.parse(b.from)}
              x2={Date.parse(b.to)}
              ifOverflow="hidden"
              shape={(props: { x?: number; y?: number; width?: number; height?: number }) => (
                <rect
                  x={props.x}
                  y={props.y}
                  width={Math.max(2, props.width ?? 0)}
                  height={props.height}
                  fill="#dc2626"
                  fillOpacity={0.14}
                  stroke="#dc2626"
                  strokeOpacity={0.5}
                  role="img"
                  aria-label={b.label}
                  data-testid="chart-breach"
                >
                  <title>{b.label}</title>
                </rect>
              )}
            />
          ))}
          <ReferenceLine
            y={ref}
            stroke="#b91c1c"
            strokeDasharray="4 3"
            ifOverflow="extendDomain"
            label={{
              value: byValue ? `threshold ${formatThreshold(unit, ref)}` : `target ${Number(ref.toFixed(3))}%`,
              position: "insideTopRight",
              fontSize: 11,
              fill: "#b91c1c",
            }}
          />
          {byValue ? (
            <Area
              type="linear"
              dataKey="v"
              name="Worst value"
              stroke="#4f46e5"
              fill="#6366f1"
              fillOpacity={0.12}
              isAnimationActive={false}
              connectNulls={false}
            />
          ) : (
            <Line
              type="linear"
              dataKey="v"
              name="Attainment"
              stroke="#4f46e5"
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          <Tooltip
            labelFormatter={(t) => fmtTime(Number(t))}
            formatter={(v) => [
              typeof v === "number" ? (byValue ? formatThreshold(unit, Number(v.toFixed(3))) : `${v.toFixed(3)}%`) : "no data",
              byValue ? "Worst" : "Attainment",
            ]}
          />
        </ComposedChart>
      </div>
      <p className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true">
        <span className="flex items-center gap-1.5">
          <span className="h-0.5 w-4 bg-indigo-600" /> {byValue ? "Worst value per bucket" : "Attainment per bucket"}
        </span>
        <span className="flex items-center gap-1.5">
          <span className="h-0 w-4 border-t-2 border-dashed border-red-700" /> {byValue ? "Threshold" : "Target"}
        </span>
        <span className="flex items-center gap-1.5">
          <span className="size-3 border border-red-600/50 bg-red-600/15" /> Breach
        </span>
      </p>
    </figure>
  );
}
