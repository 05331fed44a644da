// The console frame: navigation + signed-in user around the page. A server component; the interactive parts
// (active nav item, mobile menu, sign out) are small client islands.
import type { ReactNode } from "react";
import type { Role } from "@/lib/core/permissions";
import { RoleBadge } from "@/components/ui/badge";
import { InboxBell } from "./inbox-bell";
import type { NavItem } from "./nav-item";
import { Sidebar } from "./sidebar";
import { SignOutButton } from "./sign-out-button";

export interface AppShellUser {
  name: string;
  email: string;
  role: Role;
}

export interface AppShellProps {
  user: AppShellUser;
  /** Already filtered by the server to what this user may use (can(user, permission)). */
  nav: NavItem[];
  /** The sign-out server action (app/(console)/actions.ts), passed in: components never import from app/. */
  signOut: () => Promise<void>;
  /** The signed-in user's unread inbox items, for the bell; no bell when absent. */
  unread?: number;
  children: ReactNode;
}

export function AppShell({ user, nav, signOut, unread, children }: AppShellProps) {
  return (
    <div className="min-h-dvh lg:pl-sidebar">
      <Sidebar
        nav={nav}
        actions={unread === undefined ? undefined : <InboxBell unread={unread} />}
        footer={<UserPanel user={user} signOut={signOut} />}
      />
      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-7xl px-4 py-6 focus-visible:outline-none sm:px-6 lg:px-8 lg:py-8">
        {children}
      </main>
    </div>
  );
}

function UserPanel({ user, signOut }: { user: AppShellUser; signOut: () => Promise<void> }) {
  return (
    <div data-testid="current-user">
      <div className="flex items-start gap-2.5">
        <span
          aria-hidden="true"
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700"
        >
          {initials(user.name)}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900" title={user.name}>
            {user.name}
          </p>
          <p className="truncate text-xs text-slate-600" title={user.email}>
            {user.email}
          </p>
          <RoleBadge role={user.role} className="mt-1.5" />
        </div>
      </div>
      <SignOutButton action={signOut} className="mt-3 w-full" />
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0][0], parts[parts.length - 1][0]] : [parts[0]?.[0] ?? "?"];
  return letters.join("").toUpperCase();
}
