"use client";
// A tile's last 30 days of attainment, one point a day; breach days are marked red. Fixed size, so it renders on the
// server too (no resize observer) and the tile never jumps.
import { Line, LineChart, ReferenceDot, XAxis, YAxis } from "recharts";
import type { SparkPoint } from "@/lib/sla/views";

export function Sparkline({ points, target, label }: { points: SparkPoint[]; target: number; label: string }) {
  const data = points.map((p, i) => ({ i, day: p.day, a: p.attainment === null ? null : p.attainment * 100, breach: p.breach }));
  const values = data.map((d) => d.a).filter((a): a is number => a !== null);
  const low = Math.min(target * 100, ...values);
  const breaches = data.filter((d) => d.breach && d.a !== null);
  return (
    <div role="img" aria-label={label} className="h-8 w-full">
      <LineChart
        responsive
        style={{ width: "100%", height: 32 }}
        data={data}
        margin={{ top: 3, right: 3, bottom: 3, left: 3 }}
        accessibilityLayer={false}
      >
        <XAxis hide dataKey="i" type="number" domain={[0, Math.max(1, data.length - 1)]} />
        <YAxis hide domain={[Math.max(0, Math.floor(low - 0.5)), 100]} />
        <Line type="monotone" dataKey="a" stroke="#4f46e5" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
        {breaches.map((d) => (
          <ReferenceDot key={d.day} x={d.i} y={d.a!} r={2.5} fill="#dc2626" stroke="none" ifOverflow="extendDomain" />
        ))}
      </LineChart>
    </div>
  );
}
