// Break-glass uses as the console shows them: the privacy admins' queue of uses awaiting after-review (overdue first),
// the reviewed history, and each person's own uses. Scoped in the query: without grant.read_all a viewer sees only
// their own uses (CONVENTIONS §5).
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@db-client";
import type { AfterReviewOutcome } from "./after-review-break-glass";
import type { GrantStatus } from "./vocabulary";
import { findPeople } from "./find-people";

export const BREAK_GLASS_VIEWS = ["awaiting", "reviewed", "all"] as const;
export type BreakGlassView = (typeof BREAK_GLASS_VIEWS)[number];
export const BREAK_GLASS_SORTS = ["due", "activated", "reviewed"] as const;

export const ZBreakGlassQuery = z.object({
  view: z.enum(BREAK_GLASS_VIEWS).default("awaiting").catch("awaiting"),
  sort: z.enum(BREAK_GLASS_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  /** An offset, opaque to the page. */
  cursor: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TBreakGlassQuery = z.input<typeof ZBreakGlassQuery>;

export interface BreakGlassRow {
  grantId: string;
  userId: string;
  userName: string;
  userEmail: string;
  scope: Scope;
  reason: string;
  /** As it stands now: an active grant past its expiry reads as expired even before the expiry job runs. */
  status: GrantStatus;
  activatedAt: string;
  expiresAt: string;
  endedAt: string | null;
  afterReviewDueAt: string | null;
  /** Not reviewed and past its due time. */
  overdue: boolean;
  reviewedAt: string | null;
  reviewerName: string | null;
  reviewerEmail: string | null;
  reviewComment: string | null;
  outcome: AfterReviewOutcome | null;
}

export interface BreakGlassPage {
  rows: BreakGlassRow[];
  nextCursor: string | null;
  total: number;
  sort: { id: (typeof BREAK_GLASS_SORTS)[number]; desc: boolean };
}

const SELECT = {
  id: true,
  userId: true,
  scope: true,
  reason: true,
  status: true,
  activatedAt: true,
  expiresAt: true,
  endedAt: true,
  afterReviewDueAt: true,
  afterReviewedAt: true,
  afterReviewedById: true,
  afterReviewComment: true,
  afterReviewOutcome: true,
  user: { select: { name: true, email: true } },
} as const satisfies Prisma.GrantSelect;

type Row = Prisma.GrantGetPayload<{ select: typeof SELECT }>;

type Viewer = Pick<Actor, "id" | "role">;

function visibleTo(viewer: Viewer, ownOnly = false): Prisma.GrantWhereInput {
  return can(viewer, "grant.read_all") && !ownOnly ? { source: "break_glass" } : { source: "break_glass", userId: viewer.id };
}

const SORT_FIELD = { due: "afterReviewDueAt", activated: "activatedAt", reviewed: "afterReviewedAt" } as const;
const DEFAULT_SORT: Record<BreakGlassView, BreakGlassPage["sort"]> = {
  // Due soonest first puts the overdue ones at the top.
  awaiting: { id: "due", desc: false },
  reviewed: { id: "reviewed", desc: true },
  all: { id: "activated", desc: true },
};

/** `ownOnly`: the viewer's own uses even when they may see everyone's (their own page). */
export async function listBreakGlass(viewer: Viewer, query: TBreakGlassQuery = {}, opts: { ownOnly?: boolean } = {}): Promise<BreakGlassPage> {
  const q = ZBreakGlassQuery.parse(query);
  const base = visibleTo(viewer, opts.ownOnly);
  const where: Prisma.GrantWhereInput =
    q.view === "awaiting" ? { ...base, afterReviewedAt: null } : q.view === "reviewed" ? { ...base, afterReviewedAt: { not: null } } : base;
  const sort = q.sort ? { id: q.sort, desc: q.dir ? q.dir === "desc" : DEFAULT_SORT[q.view].desc } : DEFAULT_SORT[q.view];
  const offset = q.cursor ?? 0;
  const [rows, total] = await Promise.all([
    getDb().grant.findMany({
      where,
      select: SELECT,
      orderBy: [{ [SORT_FIELD[sort.id]]: sort.desc ? "desc" : "asc" }, { id: "asc" }],
      skip: offset,
      take: q.limit + 1,
    }),
    getDb().grant.count({ where }),
  ]);
  const at = now();
  const reviewers = await findPeople(rows.map((r) => r.afterReviewedById));
  return {
    rows: rows.slice(0, q.limit).map((r) => toRow(r, at, reviewers)),
    nextCursor: rows.length > q.limit ? String(offset + q.limit) : null,
    total,
    sort,
  };
}

/** For the home page (issue 6 item 7): break-glass uses awaiting after-review, overdue first, each flagged. */
export async function listBreakGlassAwaitingReview(viewer: Viewer, limit = 20): Promise<BreakGlassRow[]> {
  return (await listBreakGlass(viewer, { view: "awaiting", limit })).rows;
}

/** One use, for its review page; null when it does not exist or the viewer may not see it. */
export async function getBreakGlassUse(viewer: Viewer, grantId: string): Promise<BreakGlassRow | null> {
  const row = await getDb().grant.findFirst({ where: { ...visibleTo(viewer), id: grantId }, select: SELECT });
  if (!row) return null;
  return toRow(row, now(), await findPeople([row.afterReviewedById]));
}

function toRow(r: Row, at: Date, reviewers: Map<string, { name: string; email: string }>): BreakGlassRow {
  const reviewer = r.afterReviewedById ? reviewers.get(r.afterReviewedById) : undefined;
  return {
    grantId: r.id,
    userId: r.userId,
    userName: r.user.name,
    userEmail: r.user.email,
    scope: r.scope as Scope,
    reason: r.reason,
    status: r.status === "active" && r.expiresAt <= at ? "expired" : (r.status as GrantStatus),
    activatedAt: r.activatedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    afterReviewDueAt: r.afterReviewDueAt?.toISOString() ?? null,
    overdue: r.afterReviewedAt === null && r.afterReviewDueAt !== null && r.afterReviewDueAt < at,
    reviewedAt: r.afterReviewedAt?.toISOString() ?? null,
    reviewerName: reviewer?.name ?? null,
    reviewerEmail: reviewer?.email ?? null,
    reviewComment: r.afterReviewComment,
    outcome: (r.afterReviewOutcome as AfterReviewOutcome | null) ?? null,
  };
}
