// Every console page sits behind a signed-in user (redirects to /sign-in otherwise) and inside the app shell.
// The nav shows only what this user's role can use; the pages still check permissions themselves (law 5).
import type { ReactNode } from "react";
import { requirePageUser } from "@/lib/auth/session";
import { can, type Permission } from "@/lib/core/permissions";
import { countUnread } from "@/lib/inbox/inbox";
import { AppShell } from "@/components/layout/app-shell";
import type { NavItem } from "@/components/layout/nav-item";
import { signOutAction } from "./actions";

const NAV: Array<NavItem & { permission?: Permission }> = [
  { href: "/", label: "Home", icon: "home" },
  { href: "/people", label: "People", icon: "people", permission: "people.search" },
  { href: "/access", label: "My access", icon: "scopes", permission: "scope.request" },
  { href: "/requests", label: "Requests", icon: "requests", permission: "scope.approve" },
  { href: "/exports", label: "Exports", icon: "exports", permission: "export.request" },
  { href: "/exports/approvals", label: "Export approvals", icon: "requests", permission: "export.approve" },
  { href: "/grants", label: "Grants", icon: "grants", permission: "grant.read_all" },
  { href: "/break-glass", label: "Break-glass", icon: "breakGlass", permission: "grant.manage" },
  { href: "/reviews", label: "Access reviews", icon: "reviews", permission: "review.read" },
  { href: "/policies", label: "Policies", icon: "policies", permission: "policy.read" },
  { href: "/catalog", label: "Catalog", icon: "catalog", permission: "catalog.read" },
  { href: "/ledger", label: "Access ledger", icon: "ledger", permission: "ledger.read" },
  { href: "/holds", label: "Legal holds", icon: "holds", permission: "holds.read" },
  { href: "/retention", label: "Retention", icon: "policies", permission: "retention.read" },
  { href: "/purge", label: "Purge runs", icon: "jobs", permission: "purge.read" },
  { href: "/sla", label: "SLAs", icon: "sla", permission: "sla.read" },
  { href: "/exports/trace", label: "Leak trace", icon: "trace", permission: "export.trace" },
  { href: "/users", label: "Users", icon: "users", permission: "user.read" },
  { href: "/jobs", label: "Jobs", icon: "jobs", permission: "jobs.read" },
  { href: "/tokens", label: "API tokens", icon: "tokens", permission: "token.manage" },
  { href: "/sessions", label: "Sessions", icon: "sessions" },
];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const nav = NAV.filter((item) => !item.permission || can(user, item.permission)).map(({ href, label, icon }) => ({
    href,
    label,
    icon,
  }));
  // Read on every full render of the shell; the inbox's actions refresh it (revalidatePath) when items are read.
  const unread = await countUnread(user.id);
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} nav={nav} signOut={signOutAction} unread={unread}>
      {children}
    </AppShell>
  );
}
