// Home: who you are, what needs your attention (lib/scopes/attention.ts: approvals waiting, break-glass to
// after-review, review items due, grants about to expire, your own requests, unread inbox), what you can use, and
// (for people who read personal data) the scopes you hold right now.
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { can, ROLE_LABELS, type Permission, type Role } from "@/lib/core/permissions";
import { findAttention } from "@/lib/scopes/attention";
import { listActiveGrants } from "@/lib/scopes/list-active-grants";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RoleBadge, TierBadge } from "@/components/ui/badge";
import { NavIcon, type NavIconName } from "@/components/layout/nav-icons";
import { formatRelative, formatUtc } from "@/components/data/format";
import { holdsSummary } from "@/lib/holds/holds-summary";
import { nextScheduledPurge } from "@/lib/holds/purge/nightly";
import { lastPurgeRun } from "@/lib/holds/purge/read-purge-runs";
import { AttentionPanels } from "./_home/attention-panels";
import { HoldsPanel, type HoldsPanelData } from "./_home/holds-panel";
import { SlaPanel, type SlaPanelData } from "./_home/sla-panel";
import { liveSlaDashboard } from "@/lib/sla/read/dashboard";

export const metadata: Metadata = { title: "Home" };

interface Destination {
  href: string;
  title: string;
  description: string;
  icon: NavIconName;
  permission: Permission;
}

const DESTINATIONS: Destination[] = [
  {
    href: "/people",
    title: "People search",
    description:
      "Look up buyers and creators on the marketplace. Columns outside your active scopes stay masked, and every record you open is written to the access ledger.",
    icon: "people",
    permission: "people.search",
  },
  {
    href: "/ledger",
    title: "Access ledger",
    description:
      "Every restricted read and every refusal in Warden, newest first: who, what, under which decision and why, each entry chained to the one before it.",
    icon: "ledger",
    permission: "ledger.read",
  },
  {
    href: "/users",
    title: "Users",
    description: "Everyone who can sign in to Warden, their roles, and each person's access history: requests, grants, reviews and account changes.",
    icon: "users",
    permission: "user.read",
  },
];

// What to do about holding no scopes depends on who you are. Only roles that search people see the scopes card.
const NO_SCOPES_HINT: Record<Role, string> = {
  analyst:
    "Columns above “No personal data” stay masked for you. To see a tier in clear, ask the privacy team for a grant, saying which tier you need and why; each grant is time-bound.",
  privacy_admin:
    "You hold no grants, so columns above “No personal data” stay masked for you too. Grants come from the privacy team, and no one approves their own access: ask another privacy admin to grant you a tier if your work needs it.",
  auditor: "Auditors read the access ledger and hold no scopes.",
};

export default async function HomePage() {
  const user = await requirePageUser();
  const destinations = DESTINATIONS.filter((d) => can(user, d.permission));
  // Scopes decide what People search unmasks, so they matter to whoever can search people.
  const showScopes = can(user, "people.search");
  const at = now();
  const [grants, attention, holds, slas] = await Promise.all([
    showScopes ? listActiveGrants(user.id) : [],
    findAttention(user),
    holdsPanelData(user, at),
    slaPanelData(user),
  ]);
  const firstName = user.name.trim().split(/\s+/)[0] || user.name;

  return (
    <>
      <PageHeader
        title={`Welcome back, ${firstName}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            You are signed in as <RoleBadge role={user.role} />
            <span className="sr-only">({ROLE_LABELS[user.role]})</span>
          </span>
        }
      />

      <AttentionPanels attention={attention} at={at} />

      <HoldsPanel data={holds} at={at} />

      <SlaPanel data={slas} />

      {destinations.length > 0 ? (
        <section aria-labelledby="home-destinations">
          <h2 id="home-destinations" className="sr-only">
            What you can use
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2">
            {destinations.map((d) => (
              <li key={d.href}>
                <Card className="relative flex h-full gap-3 p-4 transition-shadow focus-within:ring-2 focus-within:ring-indigo-600 hover:border-slate-300 hover:shadow-sm">
                  <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-md bg-indigo-50 text-indigo-600">
                    <NavIcon name={d.icon} />
                  </span>
                  <div className="min-w-0">
                    <h3 className="text-sm font-semibold text-slate-900">
                      {/* The link covers the card (::after), so the whole card is one target with one name. */}
                      <Link href={d.href} className="after:absolute after:inset-0 focus-visible:outline-none">
                        {d.title}
                      </Link>
                    </h3>
                    <p className="mt-1 text-sm text-slate-600">{d.description}</p>
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {showScopes ? (
        <Card as="section" aria-labelledby="home-scopes" className="mt-6">
          <CardHeader
            titleId="home-scopes"
            title="Your active scopes"
            description="Tiers of personal data you may see unmasked right now. Each grant expires on its own."
            actions={
              <Link href={`/users/${user.id}`} className="text-sm font-medium text-indigo-700 hover:underline">
                Your access history
              </Link>
            }
          />
          {grants.length === 0 ? (
            <EmptyState title="No active scopes" description={NO_SCOPES_HINT[user.role]} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {grants.map((g) => (
                <li key={g.id} data-grant-id={g.id} className="flex flex-col gap-1.5 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
                  <div className="sm:w-44 sm:shrink-0">
                    <TierBadge tier={g.scope} />
                  </div>
                  <p className="min-w-0 flex-1 truncate text-sm text-slate-700" title={g.reason}>
                    {g.reason}
                  </p>
                  <p className="shrink-0 text-sm text-slate-600 sm:text-right">
                    Expires {formatRelative(g.expiresAt, at)}
                    <span aria-hidden="true" className="mx-1.5 text-slate-300">
                      ·
                    </span>
                    <time dateTime={g.expiresAt.toISOString()} className="tabular-nums text-slate-500">
                      {formatUtc(g.expiresAt)}
                    </time>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </>
  );
}

/** Holds and purge figures, each only for those allowed to see them (holds.read, purge.read). */
async function holdsPanelData(user: { role: Role }, at: Date): Promise<HoldsPanelData> {
  const [holds, purge] = await Promise.all([
    can(user, "holds.read") ? holdsSummary() : null,
    can(user, "purge.read") ? Promise.all([lastPurgeRun(), nextScheduledPurge(at)]).then(([last, next]) => ({ last, next })) : null,
  ]);
  return { holds, purge };
}

/** SLA counts for those who may read SLAs (sla.read). */
async function slaPanelData(user: { role: Role }): Promise<SlaPanelData | null> {
  if (!can(user, "sla.read")) return null;
  const { tiles } = await liveSlaDashboard();
  return {
    breached: tiles.filter((t) => t.status === "breach").length,
    atRisk: tiles.filter((t) => t.status === "warn").length,
    total: tiles.length,
  };
}
