// The home page's "needs your attention" panels, one per role's concerns (lib/scopes/attention.ts). Counts are
// links to the screen where the work is done; overdue break-glass after-reviews are flagged first and loudest.
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, TierBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatAgo, formatNumber, formatRelative, formatUtc } from "@/components/data/format";
import type { AdminAttention, Attention, AuditAttention, CampaignDue, OwnAttention } from "@/lib/scopes/attention";

export function AttentionPanels({ attention, at }: { attention: Attention; at: Date }) {
  const { admin, own, audit, unread } = attention;
  return (
    <section aria-labelledby="home-attention" className="mb-6 space-y-4">
      <h2 id="home-attention" className="text-base font-semibold text-slate-900">
        Needs your attention
      </h2>
      {admin && admin.breakGlass.overdue > 0 ? (
        <div data-testid="overdue-after-reviews">
          <Alert
            variant="error"
            title={`${plural(admin.breakGlass.overdue, "break-glass after-review is", "break-glass after-reviews are")} overdue`}
          >
            Each break-glass use must be after-reviewed by a privacy admin within 24 hours. <Link href="/break-glass">Review them now</Link>.
          </Alert>
        </div>
      ) : null}
      {admin ? <AdminTiles admin={admin} at={at} unread={unread} /> : <Tiles>{unreadTile(unread)}</Tiles>}
      {admin ? <AdminLists admin={admin} at={at} /> : null}
      {own ? <OwnLists own={own} at={at} /> : null}
      {audit ? <AuditLists audit={audit} at={at} /> : null}
    </section>
  );
}

function Tiles({ children }: { children: ReactNode }) {
  return <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">{children}</ul>;
}

/** One linked figure on the home page (also the holds panel's). */
export function Tile({
  href,
  label,
  value,
  hint,
  tone = "neutral",
  testId,
}: {
  href: string;
  label: string;
  value: number | string;
  hint?: ReactNode;
  tone?: "neutral" | "warning" | "danger";
  testId: string;
}) {
  const shown = typeof value === "number" ? formatNumber(value) : value;
  return (
    <li>
      <Card
        className={cn(
          "relative h-full p-3 transition-shadow focus-within:ring-2 focus-within:ring-indigo-600 hover:border-slate-300 hover:shadow-sm",
          tone === "danger" && "border-red-300 bg-red-50/50",
          tone === "warning" && "border-amber-300 bg-amber-50/40",
        )}
      >
        <p className="text-xs font-medium text-slate-600">
          {/* The link covers the tile (::after): one target, named by the label and the figure. */}
          <Link href={href} className="after:absolute after:inset-0 focus-visible:outline-none" aria-label={`${label}: ${shown}`}>
            {label}
          </Link>
        </p>
        <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
          {shown}
        </p>
        {hint ? <p className="mt-0.5 text-xs text-slate-600">{hint}</p> : null}
      </Card>
    </li>
  );
}

const unreadTile = (unread: number) => <Tile href="/inbox" label="Unread in your inbox" value={unread} testId="attention-unread" />;

function AdminTiles({ admin, at, unread }: { admin: AdminAttention; at: Date; unread: number }) {
  const undecided = admin.campaigns.reduce((n, c) => n + c.undecided, 0);
  return (
    <Tiles>
      <Tile
        href="/requests"
        label="Requests awaiting your approval"
        value={admin.approvals.count}
        hint={admin.approvals.oldestAt ? `oldest requested ${formatAgo(admin.approvals.oldestAt, at)}` : "none waiting"}
        tone={admin.approvals.count > 0 ? "warning" : "neutral"}
        testId="attention-approvals"
      />
      <Tile
        href="/break-glass"
        label="Break-glass awaiting after-review"
        value={admin.breakGlass.count}
        hint={admin.breakGlass.overdue > 0 ? <strong className="text-red-700">{admin.breakGlass.overdue} overdue</strong> : "none overdue"}
        tone={admin.breakGlass.overdue > 0 ? "danger" : admin.breakGlass.count > 0 ? "warning" : "neutral"}
        testId="attention-break-glass"
      />
      <Tile
        href="/reviews"
        label="Review items undecided"
        value={undecided}
        hint={admin.campaigns[0] ? `next due ${formatRelative(admin.campaigns[0].dueAt, at)}` : "no open campaign"}
        tone={admin.campaigns.some((c) => c.overdue) ? "danger" : "neutral"}
        testId="attention-review-items"
      />
      <Tile href="/grants" label={"Grants expiring within 24\u00a0h"} value={admin.expiring.count} testId="attention-expiring" />
      {unreadTile(unread)}
    </Tiles>
  );
}

function AdminLists({ admin, at }: { admin: AdminAttention; at: Date }) {
  if (admin.breakGlass.count === 0 && admin.campaigns.length === 0 && admin.expiring.count === 0) return null;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {admin.breakGlass.count > 0 ? (
        <ListCard id="attention-bg" title="Break-glass awaiting after-review" href="/break-glass" linkText="Open break-glass">
          {admin.breakGlass.items.map((g) => (
            <li key={g.grantId} data-grant-id={g.grantId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
              {g.scope ? <TierBadge tier={g.scope} /> : null}
              <span className="min-w-0 flex-1 truncate text-slate-800" title={g.user.email}>
                {g.user.name}
              </span>
              {g.overdue ? <Badge variant="danger">Overdue</Badge> : null}
              <span className="text-xs text-slate-600">
                {g.dueAt ? (
                  <>
                    review due{" "}
                    <time dateTime={g.dueAt.toISOString()} title={formatUtc(g.dueAt)}>
                      {formatRelative(g.dueAt, at)}
                    </time>
                  </>
                ) : (
                  `used ${formatAgo(g.activatedAt, at)}`
                )}
              </span>
            </li>
          ))}
        </ListCard>
      ) : null}
      {admin.campaigns.length > 0 ? (
        <ListCard id="attention-campaigns" title="Review campaigns with items to decide" href="/reviews" linkText="Open access reviews">
          {admin.campaigns.map((c) => (
            <CampaignLine key={c.id} c={c} at={at} />
          ))}
        </ListCard>
      ) : null}
      {admin.expiring.count > 0 ? (
        <ListCard id="attention-expiring" title="Grants expiring within 24 hours" href="/grants" linkText="Open grants">
          {admin.expiring.items.map((g) => (
            <li key={g.grantId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
              {g.scope ? <TierBadge tier={g.scope} /> : null}
              <span className="min-w-0 flex-1 truncate text-slate-800" title={g.user.email}>
                {g.user.name}
              </span>
              <span className="text-xs text-slate-600">
                expires{" "}
                <time dateTime={g.expiresAt.toISOString()} title={formatUtc(g.expiresAt)}>
                  {formatRelative(g.expiresAt, at)}
                </time>
              </span>
            </li>
          ))}
        </ListCard>
      ) : null}
    </div>
  );
}

function OwnLists({ own, at }: { own: OwnAttention; at: Date }) {
  if (own.expiring.length === 0 && own.pendingRequests.length === 0) return null;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {own.expiring.length > 0 ? (
        <ListCard id="attention-own-expiring" title="Your grants expiring within 24 hours" href="/access" linkText="Open my access">
          {own.expiring.map((g) => (
            <li key={g.grantId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
              {g.scope ? <TierBadge tier={g.scope} /> : null}
              <span className="flex-1 text-slate-700">
                expires{" "}
                <time dateTime={g.expiresAt.toISOString()} title={formatUtc(g.expiresAt)}>
                  {formatRelative(g.expiresAt, at)}
                </time>
              </span>
            </li>
          ))}
        </ListCard>
      ) : null}
      {own.pendingRequests.length > 0 ? (
        <ListCard id="attention-own-pending" title="Your pending requests" href="/access" linkText="Open my access">
          {own.pendingRequests.map((r) => (
            <li key={r.id} data-request-id={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
              {r.scope ? <TierBadge tier={r.scope} /> : null}
              <span className="flex-1 text-slate-700">
                {r.approvals} of {r.approvalsRequired} approvals
              </span>
              <span className="text-xs text-slate-600">requested {formatAgo(r.createdAt, at)}</span>
            </li>
          ))}
        </ListCard>
      ) : null}
    </div>
  );
}

function AuditLists({ audit, at }: { audit: AuditAttention; at: Date }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ListCard id="attention-audit-campaigns" title="Open review campaigns" href="/reviews" linkText="Open access reviews">
        {audit.campaigns.length === 0 ? (
          <li className="px-4 py-3 text-sm text-slate-600">No campaign is open.</li>
        ) : (
          audit.campaigns.map((c) => <CampaignLine key={c.id} c={c} at={at} />)
        )}
      </ListCard>
      <ListCard id="attention-audit-ledger" title="Access ledger" href="/ledger" linkText="Browse the ledger">
        <li className="px-4 py-3 text-sm text-slate-700">
          {audit.ledgerHead ? (
            <>
              {formatNumber(audit.ledgerHead.seq)} entries; the latest (#{audit.ledgerHead.seq}){" "}
              <time dateTime={audit.ledgerHead.occurredAt} title={formatUtc(audit.ledgerHead.occurredAt)}>
                {formatAgo(audit.ledgerHead.occurredAt, at)}
              </time>
              .
            </>
          ) : (
            "The ledger has no entries yet."
          )}{" "}
          Verify the whole chain offline with <code className="font-mono text-xs">npm run warden -- ledger verify</code>.
        </li>
      </ListCard>
    </div>
  );
}

function CampaignLine({ c, at }: { c: CampaignDue; at: Date }) {
  const decided = c.total - c.undecided;
  const pct = c.total > 0 ? Math.round((decided / c.total) * 100) : 100;
  return (
    <li data-campaign-id={c.id} className="px-4 py-2.5 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="min-w-0 flex-1 truncate font-medium text-slate-800">{c.name}</span>
        {c.overdue ? <Badge variant="danger">Past due</Badge> : null}
        <span className="text-xs text-slate-600">
          due{" "}
          <time dateTime={c.dueAt.toISOString()} title={formatUtc(c.dueAt)}>
            {formatRelative(c.dueAt, at)}
          </time>
        </span>
      </div>
      <div className="mt-1.5 flex items-center gap-2">
        <div
          role="progressbar"
          aria-label={`${c.name}: ${decided} of ${c.total} decided`}
          aria-valuemin={0}
          aria-valuemax={c.total}
          aria-valuenow={decided}
          className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100"
        >
          <div className="h-full rounded-full bg-indigo-600" style={{ width: `${pct}%` }} />
        </div>
        <span className="text-xs tabular-nums text-slate-600">
          {decided}/{c.total} decided
        </span>
      </div>
    </li>
  );
}

function ListCard({ id, title, href, linkText, children }: { id: string; title: string; href: string; linkText: string; children: ReactNode }) {
  return (
    <Card as="section" aria-labelledby={id}>
      <CardHeader
        titleId={id}
        title={title}
        level={3}
        actions={
          <Link href={href} className="text-sm font-medium text-indigo-700 hover:underline">
            {linkText}
          </Link>
        }
      />
      <ul className="divide-y divide-slate-100">{children}</ul>
    </Card>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
