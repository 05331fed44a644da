// The report of one access review campaign (issue 6 item 8), open to auditors (review.read): each item with its
// grantee, tier, the grant's expiry and state, the decision, who decided and their comment. Shown on the campaign
// page and downloadable as CSV. Only console users' names and emails appear: no marketplace personal data.
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@db-client";
import { parseScopes } from "./close-due-reviews";
import { REVIEW_DECISIONS, type ReviewDecision } from "./decide-review-item";
import { decisionCounts, emptyCounts, requireReviewRead, type CampaignRow } from "./list-review-campaigns";
import type { GrantStatus } from "./vocabulary";
import { findPeople } from "./find-people";

export const ITEM_SORTS = ["grantee", "tier", "expires", "decision", "decided"] as const;

export const ZItemQuery = z.object({
  decision: z
    .enum([...REVIEW_DECISIONS, "all"])
    .default("all")
    .catch("all"),
  sort: z.enum(ITEM_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  cursor: z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined),
  limit: z.number().int().min(1).max(1000).default(50),
});
export type TItemQuery = z.input<typeof ZItemQuery>;

export interface ReviewItemRow {
  id: string;
  grantId: string;
  granteeId: string;
  granteeName: string;
  granteeEmail: string;
  scope: Scope;
  grantSource: string;
  grantActivatedAt: string;
  grantExpiresAt: string;
  /** As it stands now: an active grant past its expiry reads as expired. */
  grantStatus: GrantStatus;
  decision: ReviewDecision;
  decidedAt: string | null;
  reviewerName: string | null;
  reviewerEmail: string | null;
  comment: string | null;
}

export interface ReviewItemPage {
  rows: ReviewItemRow[];
  nextCursor: string | null;
  total: number;
  sort: { id: (typeof ITEM_SORTS)[number]; desc: boolean };
}

type Viewer = Pick<Actor, "id" | "role">;

export async function getReviewCampaign(viewer: Viewer, campaignId: string): Promise<CampaignRow | null> {
  requireReviewRead(viewer);
  const r = await getDb().reviewCampaign.findUnique({
    where: { id: campaignId },
    select: { id: true, name: true, scopes: true, status: true, dueAt: true, createdAt: true, closedAt: true, createdById: true },
  });
  if (!r) return null;
  const counts = (await decisionCounts([r.id])).get(r.id) ?? emptyCounts();
  const creator = (await findPeople([r.createdById])).get(r.createdById)?.name;
  return {
    id: r.id,
    name: r.name,
    scopes: parseScopes(r.scopes),
    status: r.status === "closed" ? "closed" : "open",
    dueAt: r.dueAt.toISOString(),
    overdue: r.status === "open" && r.dueAt <= now(),
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    createdByName: creator ?? r.createdById,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
  };
}

const SORT_ORDER: Record<(typeof ITEM_SORTS)[number], (dir: "asc" | "desc") => Prisma.ReviewItemOrderByWithRelationInput> = {
  grantee: (dir) => ({ grant: { user: { name: dir } } }),
  tier: (dir) => ({ scope: dir }),
  expires: (dir) => ({ grant: { expiresAt: dir } }),
  decision: (dir) => ({ decision: dir }),
  decided: (dir) => ({ decidedAt: dir }),
};

const ITEM_SELECT = {
  id: true,
  grantId: true,
  granteeId: true,
  scope: true,
  decision: true,
  decidedAt: true,
  decidedById: true,
  comment: true,
  grant: { select: { source: true, status: true, activatedAt: true, expiresAt: true, user: { select: { name: true, email: true } } } },
} as const satisfies Prisma.ReviewItemSelect;

export async function listReviewItems(viewer: Viewer, campaignId: string, query: TItemQuery = {}): Promise<ReviewItemPage> {
  requireReviewRead(viewer);
  const q = ZItemQuery.parse(query);
  const where: Prisma.ReviewItemWhereInput = q.decision === "all" ? { campaignId } : { campaignId, decision: q.decision };
  const sort = { id: q.sort ?? "grantee", desc: q.dir === "desc" };
  const offset = q.cursor ?? 0;
  const [rows, total] = await Promise.all([
    getDb().reviewItem.findMany({
      where,
      select: ITEM_SELECT,
      orderBy: [SORT_ORDER[sort.id](sort.desc ? "desc" : "asc"), { id: "asc" }],
      skip: offset,
      take: q.limit + 1,
    }),
    getDb().reviewItem.count({ where }),
  ]);
  const page = rows.slice(0, q.limit);
  return { rows: await toRows(page), nextCursor: rows.length > q.limit ? String(offset + q.limit) : null, total, sort };
}

async function toRows(items: Array<Prisma.ReviewItemGetPayload<{ select: typeof ITEM_SELECT }>>): Promise<ReviewItemRow[]> {
  const reviewers = await findPeople(items.map((i) => i.decidedById));
  const at = now();
  return items.map((i) => {
    const reviewer = i.decidedById ? reviewers.get(i.decidedById) : undefined;
    return {
      id: i.id,
      grantId: i.grantId,
      granteeId: i.granteeId,
      granteeName: i.grant.user.name,
      granteeEmail: i.grant.user.email,
      scope: i.scope as Scope,
      grantSource: i.grant.source,
      grantActivatedAt: i.grant.activatedAt.toISOString(),
      grantExpiresAt: i.grant.expiresAt.toISOString(),
      grantStatus: i.grant.status === "active" && i.grant.expiresAt <= at ? "expired" : (i.grant.status as GrantStatus),
      decision: i.decision as ReviewDecision,
      decidedAt: i.decidedAt?.toISOString() ?? null,
      reviewerName: reviewer?.name ?? (i.decidedAt && !i.decidedById ? "Warden (due date)" : null),
      reviewerEmail: reviewer?.email ?? null,
      comment: i.comment,
    };
  });
}

const CSV_COLUMNS = [
  "campaign_id",
  "campaign_name",
  "campaign_status",
  "due_at",
  "item_id",
  "grant_id",
  "grantee_name",
  "grantee_email",
  "tier",
  "grant_source",
  "grant_activated_at",
  "grant_expires_at",
  "grant_status",
  "decision",
  "decided_at",
  "reviewer_name",
  "reviewer_email",
  "comment",
] as const;

/** The whole report as CSV (RFC 4180, CRLF), every item, in grantee order. Null when the campaign does not exist. */
export async function reviewReportCsv(viewer: Viewer, campaignId: string): Promise<{ filename: string; csv: string } | null> {
  const campaign = await getReviewCampaign(viewer, campaignId);
  if (!campaign) return null;
  const lines = [CSV_COLUMNS.join(",")];
  for (let cursor: number | undefined = 0; cursor !== undefined;) {
    const page = await listReviewItems(viewer, campaignId, { cursor, limit: 1000 });
    for (const r of page.rows) {
      const values: Record<(typeof CSV_COLUMNS)[number], string | null> = {
        campaign_id: campaign.id,
        campaign_name: campaign.name,
        campaign_status: campaign.status,
        due_at: campaign.dueAt,
        item_id: r.id,
        grant_id: r.grantId,
        grantee_name: r.granteeName,
        grantee_email: r.granteeEmail,
        tier: r.scope,
        grant_source: r.grantSource,
        grant_activated_at: r.grantActivatedAt,
        grant_expires_at: r.grantExpiresAt,
        grant_status: r.grantStatus,
        decision: r.decision,
        decided_at: r.decidedAt,
        reviewer_name: r.reviewerName,
        reviewer_email: r.reviewerEmail,
        comment: r.comment,
      };
      lines.push(CSV_COLUMNS.map((c) => csvCell(values[c])).join(","));
    }
    cursor = page.nextCursor ? Number(page.nextCursor) : undefined;
  }
  return { filename: `access-review-${campaign.id}.csv`, csv: lines.join("\r\n") + "\r\n" };
}

/**
 * One CSV cell, safe to open in a spreadsheet: a value starting with = + - @ (or a tab or carriage return, which
 * some spreadsheets skip before reading a formula) gets a leading single quote, so it is never run as a formula
 * (OWASP "CSV injection"); then RFC 4180 quoting.
 */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? "";
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
