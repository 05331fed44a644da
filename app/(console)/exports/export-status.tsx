// An export's status as a badge, and its build progress as a bar (rows written of rows to write).
import { StateBadge, type BadgeStates } from "@/components/ui/badge";
import type { ExportStatus } from "@/lib/exports/types";

const STATES: BadgeStates<ExportStatus> = {
  draft: { label: "Draft", variant: "neutral" },
  pending_approval: { label: "Waiting for approval", variant: "warning" },
  approved: { label: "Approved, queued", variant: "info" },
  building: { label: "Building", variant: "info" },
  ready: { label: "Ready", variant: "success" },
  expired: { label: "Expired", variant: "neutral" },
  denied: { label: "Denied", variant: "danger" },
  failed: { label: "Failed", variant: "danger" },
  cancelled: { label: "Cancelled", variant: "neutral" },
};

export function ExportStatusBadge({ status }: { status: ExportStatus }) {
  return <StateBadge state={status} states={STATES} attr="export-status" />;
}

export function BuildProgress({ written, total }: { written: number; total: number | null }) {
  const pct = total && total > 0 ? Math.min(100, Math.round((written / total) * 100)) : 0;
  return (
    <span className="flex min-w-32 flex-col gap-1">
      <progress
        className="h-2 w-full"
        max={total ?? undefined}
        value={total ? written : undefined}
        aria-label="Build progress"
        data-rows-written={written}
      >
        {pct}%
      </progress>
      <span className="text-xs tabular-nums text-slate-600">
        {written.toLocaleString("en-US")}
        {total !== null ? ` of ${total.toLocaleString("en-US")} rows (${pct}%)` : " rows"}
      </span>
    </span>
  );
}
