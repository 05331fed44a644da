// What needs each person's attention, for the home page, read straight from the workflow's tables:
// - privacy admins: requests waiting for their approval, break-glass grants awaiting after-review (overdue ones
//   first), campaign items still undecided, grants expiring in the next 24 h;
// - whoever requests scopes: their own grants expiring within 24 h and their pending requests;
// - auditors: open review campaigns and their progress, and the ledger's head;
// - everyone: unread inbox items.
import type { Actor } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { countUnread } from "@/lib/inbox/inbox";

export const EXPIRING_WINDOW_MS = 24 * 3_600_000;
/** How many items a home-page card lists; the counts cover all of them. */
const LIST = 5;

export interface BreakGlassAwaiting {
  grantId: string;
  user: { id: string; name: string; email: string };
  scope: Scope | null;
  activatedAt: Date;
  dueAt: Date | null;
  overdue: boolean;
}

export interface CampaignDue {
  id: string;
  name: string;
  dueAt: Date;
  overdue: boolean;
  undecided: number;
  total: number;
}

export interface ExpiringGrant {
  grantId: string;
  user: { id: string; name: string; email: string };
  scope: Scope | null;
  expiresAt: Date;
}

export interface AdminAttention {
  /** Pending requests this admin may decide: not their own, not yet decided by them. */
  approvals: { count: number; oldestAt: Date | null };
  breakGlass: { count: number; overdue: number; items: BreakGlassAwaiting[] };
  /** Open campaigns with undecided items, soonest due first. */
  campaigns: CampaignDue[];
  expiring: { count: number; items: ExpiringGrant[] };
}

export interface OwnAttention {
  expiring: Array<{ grantId: string; scope: Scope | null; expiresAt: Date }>;
  pendingRequests: Array<{ id: string; scope: Scope | null; createdAt: Date; approvals: number; approvalsRequired: number }>;
}

export interface AuditAttention {
  campaigns: CampaignDue[];
  ledgerHead: { seq: number; occurredAt: string } | null;
}

export interface Attention {
  admin: AdminAttention | null;
  own: OwnAttention | null;
  audit: AuditAttention | null;
  unread: number;
}

export async function findAttention(actor: Pick<Actor, "id" | "role">): Promise<Attention> {
  const at = now();
  const [admin, own, audit, unread] = await Promise.all([
    can(actor, "scope.approve") ? adminAttention(actor.id, at) : null,
    can(actor, "scope.request") ? ownAttention(actor.id, at) : null,
    // Auditors follow campaigns without deciding them; admins see theirs in the admin view.
    can(actor, "review.read") && !can(actor, "review.manage") ? auditAttention(at) : null,
    countUnread(actor.id),
  ]);
  return { admin, own, audit, unread };
}

async function adminAttention(actorId: string, at: Date): Promise<AdminAttention> {
  const db = getDb();
  const awaiting = { status: "pending", requesterId: { not: actorId }, approvals: { none: { approverId: actorId } } };
  const breakGlassWhere = { source: "break_glass", afterReviewedAt: null };
  const expiringWhere = { status: "active", expiresAt: { gt: at, lte: new Date(at.getTime() + EXPIRING_WINDOW_MS) } };
  const [approvals, oldest, bgCount, bgOverdue, bgItems, campaigns, expCount, expItems] = await Promise.all([
    db.accessRequest.count({ where: awaiting }),
    db.accessRequest.findFirst({ where: awaiting, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.grant.count({ where: breakGlassWhere }),
    db.grant.count({ where: { ...breakGlassWhere, afterReviewDueAt: { lt: at } } }),
    db.grant.findMany({
      where: breakGlassWhere,
      // The most overdue first: the soonest due date is the one most past it.
      orderBy: [{ afterReviewDueAt: { sort: "asc", nulls: "last" } }, { activatedAt: "asc" }],
      take: LIST,
      select: { id: true, scope: true, activatedAt: true, afterReviewDueAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    campaignsDue(at, true),
    db.grant.count({ where: expiringWhere }),
    db.grant.findMany({
      where: expiringWhere,
      orderBy: { expiresAt: "asc" },
      take: LIST,
      select: { id: true, scope: true, expiresAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return {
    approvals: { count: approvals, oldestAt: oldest?.createdAt ?? null },
    breakGlass: {
      count: bgCount,
      overdue: bgOverdue,
      items: bgItems.map((g) => ({
        grantId: g.id,
        user: g.user,
        scope: scopeOf(g.scope),
        activatedAt: g.activatedAt,
        dueAt: g.afterReviewDueAt,
        overdue: g.afterReviewDueAt !== null && g.afterReviewDueAt < at,
      })),
    },
    campaigns,
    expiring: { count: expCount, items: expItems.map((g) => ({ grantId: g.id, user: g.user, scope: scopeOf(g.scope), expiresAt: g.expiresAt })) },
  };
}

async function ownAttention(userId: string, at: Date): Promise<OwnAttention> {
  const db = getDb();
  const [expiring, pending] = await Promise.all([
    db.grant.findMany({
      where: { userId, status: "active", activatedAt: { lte: at }, expiresAt: { gt: at, lte: new Date(at.getTime() + EXPIRING_WINDOW_MS) } },
      orderBy: { expiresAt: "asc" },
      select: { id: true, scope: true, expiresAt: true },
    }),
    db.accessRequest.findMany({
      where: { requesterId: userId, status: "pending" },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: {
        id: true,
        scope: true,
        createdAt: true,
        approvalsRequired: true,
        approvals: { where: { decision: "approve" }, select: { id: true } },
      },
    }),
  ]);
  return {
    expiring: expiring.map((g) => ({ grantId: g.id, scope: scopeOf(g.scope), expiresAt: g.expiresAt })),
    pendingRequests: pending.map((r) => ({
      id: r.id,
      scope: scopeOf(r.scope),
      createdAt: r.createdAt,
      approvals: r.approvals.length,
      approvalsRequired: r.approvalsRequired,
    })),
  };
}

async function auditAttention(at: Date): Promise<AuditAttention> {
  const [campaigns, head] = await Promise.all([
    campaignsDue(at, false),
    getDb().ledgerEntry.findFirst({ where: { seq: { gte: 1 } }, orderBy: { seq: "desc" }, select: { seq: true, occurredAt: true } }),
  ]);
  return { campaigns, ledgerHead: head };
}

/** Open campaigns (soonest due first) with their undecided and total items; `onlyUndecided` drops finished ones. */
async function campaignsDue(at: Date, onlyUndecided: boolean): Promise<CampaignDue[]> {
  const db = getDb();
  const open = await db.reviewCampaign.findMany({
    where: { status: "open" },
    orderBy: { dueAt: "asc" },
    take: 50,
    select: { id: true, name: true, dueAt: true },
  });
  if (open.length === 0) return [];
  const counts = await db.reviewItem.groupBy({
    by: ["campaignId", "decision"],
    where: { campaignId: { in: open.map((c) => c.id) } },
    _count: { _all: true },
  });
  const rows = open.map((c) => {
    const mine = counts.filter((n) => n.campaignId === c.id);
    const total = mine.reduce((sum, n) => sum + n._count._all, 0);
    const undecided = mine.filter((n) => n.decision === "pending").reduce((sum, n) => sum + n._count._all, 0);
    return { id: c.id, name: c.name, dueAt: c.dueAt, overdue: c.dueAt < at, undecided, total };
  });
  return (onlyUndecided ? rows.filter((r) => r.undecided > 0) : rows).slice(0, LIST);
}

function scopeOf(s: string): Scope | null {
  const r = ZScope.safeParse(s);
  return r.success ? r.data : null;
}
