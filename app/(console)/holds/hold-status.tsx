// A matter's and a hold's state as badges; a hold waiting for its second release signature says so.
import { StateBadge, type BadgeStates } from "@/components/ui/badge";
import type { HoldStatus, MatterStatus } from "@/lib/holds/types";

const MATTER: BadgeStates<MatterStatus> = {
  open: { label: "Open", variant: "info" },
  closed: { label: "Closed", variant: "neutral" },
};

const HOLD: BadgeStates<HoldStatus | "release_requested"> = {
  draft: { label: "Draft", variant: "neutral" },
  active: { label: "Active", variant: "warning" },
  release_requested: { label: "Active, release requested", variant: "warning" },
  released: { label: "Released", variant: "success" },
};

export function MatterStatusBadge({ status }: { status: MatterStatus }) {
  return <StateBadge state={status} states={MATTER} attr="matter-status" />;
}

export function HoldStatusBadge({ status, releaseRequested }: { status: HoldStatus; releaseRequested?: boolean }) {
  return <StateBadge state={status === "active" && releaseRequested ? "release_requested" : status} states={HOLD} attr="hold-status" />;
}
