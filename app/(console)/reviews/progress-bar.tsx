// A campaign's progress: decided items out of all, as a bar with the numbers beside it (never colour alone).
import { cn } from "@/components/ui/cn";

export function ProgressBar({ done, total, label, className }: { done: number; total: number; label: string; className?: string }) {
  const pct = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <span className={cn("flex min-w-36 items-center gap-2", className)}>
      <span
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} decided`}
        className="h-2 w-24 shrink-0 overflow-hidden rounded-full bg-slate-200"
      >
        <span className={cn("block h-full rounded-full", pct === 100 ? "bg-emerald-500" : "bg-indigo-500")} style={{ width: `${pct}%` }} />
      </span>
      <span className="text-xs whitespace-nowrap text-slate-600 tabular-nums">
        {done} of {total}
      </span>
    </span>
  );
}
