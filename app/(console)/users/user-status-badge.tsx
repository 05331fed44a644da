// A console user's status as the users table and a user's page show it.
import { StateBadge, type BadgeStates } from "@/components/ui/badge";

const STATUS: BadgeStates<string> = {
  active: { label: "Active", variant: "success" },
  disabled: { label: "Disabled", variant: "danger" },
};

export function UserStatusBadge({ status }: { status: string }) {
  return <StateBadge state={status} states={STATUS} attr="status" />;
}
