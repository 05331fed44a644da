// The due date of an access review (issue 6 item 8), run every minute by the job runner: every item still undecided
// is revoked automatically (the system acts, decision auto_revoked), then the campaign closes with its counts.
// Idempotent and crash-safe: each item is its own unit of work, conditional on still being pending, and the campaign
// closes only once none is left; a second run, or a second instance, finds nothing to do.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { highestTier, SCOPES, type Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
import { endGrant } from "./grant-lifecycle";
import type { ReviewDecision } from "./decide-review-item";

export const CLOSE_DUE_REVIEWS_KIND = "scopes.close_due_reviews";
const AUTO_COMMENT = "Not reviewed by the campaign's due date: revoked automatically";

export interface ClosedReviews {
  campaignsClosed: number;
  autoRevoked: number;
  grantEnded: number;
  /** Items left for the next run (a concurrent decision or a conflict); their campaign stays open until then. */
  retry: number;
}

export async function closeDueReviews(): Promise<ClosedReviews> {
  const out: ClosedReviews = { campaignsClosed: 0, autoRevoked: 0, grantEnded: 0, retry: 0 };
  const due = await getDb().reviewCampaign.findMany({
    where: { status: "open", dueAt: { lte: now() } },
    select: { id: true, scopes: true },
    orderBy: { dueAt: "asc" },
  });
  for (const campaign of due) {
    const meta: RequestMeta = { requestId: randomUUID(), ipHash: null, uaHash: null };
    const pending = await getDb().reviewItem.findMany({ where: { campaignId: campaign.id, decision: "pending" }, select: { id: true } });
    for (const { id } of pending) {
      try {
        const decided = await settleItem(id, meta);
        if (decided === "auto_revoked") out.autoRevoked++;
        else if (decided === "grant_ended") out.grantEnded++;
      } catch (err) {
        // A reviewer or another ender won the race for this item or its grant: look again on the next run.
        if (!(err instanceof AppError && err.code === "conflict")) throw err;
        out.retry++;
      }
    }
    if (await closeCampaign(campaign.id, campaign.scopes, meta)) out.campaignsClosed++;
  }
  return out;
}

async function settleItem(itemId: string, meta: RequestMeta): Promise<ReviewDecision | null> {
  const { result } = await commitWithLedger(async (uow) => {
    const at = now();
    const item = await uow.tx.reviewItem.findUnique({
      where: { id: itemId },
      select: { decision: true, campaignId: true, grantId: true, granteeId: true, scope: true, grant: { select: { status: true, expiresAt: true } } },
    });
    if (!item || item.decision !== "pending") return null;
    // A grant that ended (or ran out) before the due date is not revoked again: the item records that it ended.
    const running = item.grant.status === "active" && item.grant.expiresAt > at;
    const decision: ReviewDecision = running ? "auto_revoked" : "grant_ended";
    const { count } = await uow.tx.reviewItem.updateMany({
      where: { id: itemId, decision: "pending" },
      data: { decision, decidedById: null, decidedAt: at, comment: running ? AUTO_COMMENT : "The grant had already ended" },
    });
    if (count === 0) return null;
    uow.record(
      governanceEntry(null, meta, {
        action: "governance.review_item_decided",
        privacyTier: item.scope as Scope,
        resource: `review_item:${itemId}`,
        recordId: item.granteeId,
        purpose: running ? AUTO_COMMENT : "",
        payload: { campaign_id: item.campaignId, item_id: itemId, grant_id: item.grantId, grantee_id: item.granteeId, decision },
      }),
    );
    if (running)
      await endGrant(uow, { actor: null, meta }, item.grantId, "revoked", AUTO_COMMENT, {
        review_campaign_id: item.campaignId,
        review_item_id: itemId,
      });
    return decision;
  });
  return result;
}

async function closeCampaign(campaignId: string, scopesJson: string, meta: RequestMeta): Promise<boolean> {
  const { result } = await commitWithLedger(async (uow) => {
    if ((await uow.tx.reviewItem.count({ where: { campaignId, decision: "pending" } })) > 0) return false;
    const { count } = await uow.tx.reviewCampaign.updateMany({
      where: { id: campaignId, status: "open" },
      data: { status: "closed", closedAt: now() },
    });
    if (count === 0) return false;
    const groups = await uow.tx.reviewItem.groupBy({ by: ["decision"], where: { campaignId }, _count: { _all: true } });
    const counts = Object.fromEntries(groups.map((g) => [g.decision, g._count._all]));
    const scopes = parseScopes(scopesJson);
    uow.record(
      governanceEntry(null, meta, {
        action: "governance.review_campaign_closed",
        privacyTier: scopes.length ? highestTier(scopes) : "none",
        resource: `review_campaign:${campaignId}`,
        payload: {
          campaign_id: campaignId,
          items: groups.reduce((n, g) => n + g._count._all, 0),
          certified: counts.certified ?? 0,
          revoked: counts.revoked ?? 0,
          auto_revoked: counts.auto_revoked ?? 0,
          grant_ended: counts.grant_ended ?? 0,
        },
      }),
    );
    return true;
  });
  return result;
}

export function parseScopes(json: string): Scope[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? SCOPES.filter((s) => v.includes(s)) : [];
  } catch {
    return [];
  }
}
