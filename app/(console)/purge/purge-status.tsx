// A purge run's status as a badge, and its progress as a bar (counting steps, then records deleted of those to delete).
import { StateBadge, type BadgeStates } from "@/components/ui/badge";
import type { PurgeRunStatus } from "@/lib/holds/types";

const STATES: BadgeStates<PurgeRunStatus> = {
  queued: { label: "Queued", variant: "info" },
  running: { label: "Running", variant: "info" },
  tripped: { label: "Stopped by the breaker", variant: "warning" },
  completed: { label: "Completed", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
  cancelled: { label: "Cancelled", variant: "neutral" },
};

export function PurgeStatusBadge({ status }: { status: PurgeRunStatus }) {
  return <StateBadge state={status} states={STATES} attr="purge-status" />;
}

export function PurgeProgress({ done, total, counting }: { done: number; total: number; counting: boolean }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <span className="flex min-w-40 flex-col gap-1">
      <progress
        className="h-2 w-full"
        max={total > 0 ? total : undefined}
        value={total > 0 ? Math.min(done, total) : undefined}
        aria-label="Purge progress"
        data-progress-done={done}
      >
        {pct}%
      </progress>
      <span className="text-xs tabular-nums text-slate-600">
        {counting ? `Counting candidates (${pct}%)` : `${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} records deleted (${pct}%)`}
      </span>
    </span>
  );
}
