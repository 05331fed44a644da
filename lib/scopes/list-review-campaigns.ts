// Access review campaigns with their progress, for privacy admins and auditors (review.read).
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@db-client";
import { parseScopes } from "./close-due-reviews";
import type { ReviewDecision } from "./decide-review-item";
import { findPeople } from "./find-people";

export const CAMPAIGN_SORTS = ["due", "created", "name"] as const;

export const ZCampaignQuery = z.object({
  status: z.enum(["open", "closed", "all"]).default("all").catch("all"),
  sort: z.enum(CAMPAIGN_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  cursor: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  limit: z.number().int().min(1).max(200).default(25),
});
export type TCampaignQuery = z.input<typeof ZCampaignQuery>;

export type DecisionCounts = Record<ReviewDecision, number>;

export interface CampaignRow {
  id: string;
  name: string;
  scopes: Scope[];
  status: "open" | "closed";
  dueAt: string;
  /** Open and past its due date: the next run of the due-date job closes it. */
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
  createdByName: string;
  total: number;
  counts: DecisionCounts;
}

export interface CampaignPage {
  rows: CampaignRow[];
  nextCursor: string | null;
  total: number;
  /** null: the default order, open campaigns due soonest first, then the closed ones. */
  sort: { id: (typeof CAMPAIGN_SORTS)[number]; desc: boolean } | null;
}

const SORT_FIELD = { due: "dueAt", created: "createdAt", name: "name" } as const;

export function requireReviewRead(viewer: Pick<Actor, "role">): void {
  if (!can(viewer, "review.read")) throw new AppError("forbidden", "Your role does not allow reading access reviews (review.read).");
}

export async function listReviewCampaigns(viewer: Pick<Actor, "id" | "role">, query: TCampaignQuery = {}): Promise<CampaignPage> {
  requireReviewRead(viewer);
  const q = ZCampaignQuery.parse(query);
  const where: Prisma.ReviewCampaignWhereInput = q.status === "all" ? {} : { status: q.status };
  // Open campaigns due soonest first, then the closed ones, newest first.
  const sort = q.sort ? { id: q.sort, desc: q.dir ? q.dir === "desc" : q.sort !== "name" && q.sort !== "due" } : null;
  const orderBy: Prisma.ReviewCampaignOrderByWithRelationInput[] = sort
    ? [{ [SORT_FIELD[sort.id]]: sort.desc ? "desc" : "asc" }, { id: "asc" }]
    : [{ status: "desc" }, { dueAt: "asc" }, { id: "asc" }];
  const offset = q.cursor ?? 0;
  const [rows, total] = await Promise.all([
    getDb().reviewCampaign.findMany({
      where,
      orderBy,
      skip: offset,
      take: q.limit + 1,
      select: { id: true, name: true, scopes: true, status: true, dueAt: true, createdAt: true, closedAt: true, createdById: true },
    }),
    getDb().reviewCampaign.count({ where }),
  ]);
  const page = rows.slice(0, q.limit);
  const counts = await decisionCounts(page.map((r) => r.id));
  const creators = await findPeople(page.map((r) => r.createdById));
  const at = now();
  return {
    rows: page.map((r) => {
      const c = counts.get(r.id) ?? emptyCounts();
      return {
        id: r.id,
        name: r.name,
        scopes: parseScopes(r.scopes),
        status: r.status === "closed" ? "closed" : "open",
        dueAt: r.dueAt.toISOString(),
        overdue: r.status === "open" && r.dueAt <= at,
        createdAt: r.createdAt.toISOString(),
        closedAt: r.closedAt?.toISOString() ?? null,
        createdByName: creators.get(r.createdById)?.name ?? r.createdById,
        total: Object.values(c).reduce((a, b) => a + b, 0),
        counts: c,
      };
    }),
    nextCursor: rows.length > q.limit ? String(offset + q.limit) : null,
    total,
    sort,
  };
}

export function emptyCounts(): DecisionCounts {
  return { pending: 0, certified: 0, revoked: 0, auto_revoked: 0, grant_ended: 0 };
}

export async function decisionCounts(campaignIds: string[]): Promise<Map<string, DecisionCounts>> {
  const out = new Map<string, DecisionCounts>();
  if (campaignIds.length === 0) return out;
  const groups = await getDb().reviewItem.groupBy({
    by: ["campaignId", "decision"],
    where: { campaignId: { in: campaignIds } },
    _count: { _all: true },
  });
  for (const g of groups) {
    const c = out.get(g.campaignId) ?? emptyCounts();
    if (g.decision in c) c[g.decision as ReviewDecision] = g._count._all;
    out.set(g.campaignId, c);
  }
  return out;
}
