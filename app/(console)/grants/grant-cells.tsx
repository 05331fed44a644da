// How a grant's status, time left and source read, wherever a grant is shown (grants, break-glass, access reviews).
import { StateBadge, type BadgeStates } from "@/components/ui/badge";
import { describeTimeLeft } from "@/lib/scopes/durations";
import type { GrantSource, GrantStatus } from "@/lib/scopes/vocabulary";

export const SOURCE_LABELS: Record<GrantSource, string> = { request: "Request", direct: "Direct grant", break_glass: "Break-glass" };

const STATUS: BadgeStates<GrantStatus> = {
  active: { label: "Active", variant: "success" },
  expired: { label: "Expired", variant: "neutral" },
  revoked: { label: "Revoked", variant: "danger" },
  relinquished: { label: "Given back", variant: "neutral" },
};

export function GrantStatusBadge({ status }: { status: GrantStatus }) {
  return <StateBadge state={status} states={STATUS} attr="grant-status" />;
}

/** Time left of an active grant. One past its end counts for nothing already (the gateway checks the time); the
 * expiry job records it within a minute. Dates arrive as ISO strings (they cross to client components). */
export function TimeLeft({ status, expiresAt, at }: { status: GrantStatus; expiresAt: string; at: string }) {
  if (status !== "active") return <span className="text-slate-500">—</span>;
  const end = new Date(expiresAt);
  const now = new Date(at);
  if (end <= now) return <span className="text-amber-800">Past its end; being closed</span>;
  const soon = end.getTime() - now.getTime() <= 24 * 3_600_000;
  return (
    <span data-testid="time-left" className={soon ? "font-medium text-amber-800" : "text-slate-800"}>
      {describeTimeLeft(end, now)}
    </span>
  );
}
