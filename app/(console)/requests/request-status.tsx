// How a request's state reads everywhere it is shown: a status badge, and approvals so far out of those needed.
import { StateBadge, type BadgeStates } from "@/components/ui/badge";
import type { RequestStatus } from "@/lib/scopes/vocabulary";

const STATUS: BadgeStates<RequestStatus> = {
  pending: { label: "Pending", variant: "warning" },
  approved: { label: "Approved", variant: "success" },
  active: { label: "Active", variant: "success" },
  expired: { label: "Expired", variant: "neutral" },
  revoked: { label: "Revoked", variant: "danger" },
  relinquished: { label: "Given back", variant: "neutral" },
  denied: { label: "Denied", variant: "danger" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  timed_out: { label: "Timed out", variant: "neutral" },
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <StateBadge state={status} states={STATUS} attr="request-status" />;
}

/** "1 of 2 approvals" with a bar; the text carries the meaning, the bar only repeats it. */
export function ApprovalProgress({ approvals, needed }: { approvals: number; needed: number }) {
  const shown = Math.min(approvals, needed);
  return (
    <span className="flex min-w-28 flex-col gap-1" data-testid="approval-progress">
      <span className="text-xs tabular-nums text-slate-700">
        {shown} of {needed} approval{needed === 1 ? "" : "s"}
      </span>
      <span aria-hidden="true" className="flex h-1.5 w-24 gap-0.5">
        {Array.from({ length: needed }, (_, i) => (
          <span key={i} className={i < shown ? "flex-1 rounded-full bg-emerald-500" : "flex-1 rounded-full bg-slate-200"} />
        ))}
      </span>
    </span>
  );
}
