// One decision in an access review: a privacy admin other than the grantee certifies the grant (it stays) or revokes
// it (it ends now), with a comment. An item is decided once; an item whose grant already ended has nothing to decide.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { endGrant } from "./grant-lifecycle";
import { commitOrRefuse, parseOrRefuse, refuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";
import { ZComment } from "./vocabulary";

/** pending → certified | revoked (a reviewer) | auto_revoked (the due date) | grant_ended (it ended first). */
export const REVIEW_DECISIONS = ["pending", "certified", "revoked", "auto_revoked", "grant_ended"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const ZDecideReviewItem = z.object({
  itemId: z.string().regex(/^rvi_[0-9a-z]{4,40}$/, "Not a review item id"),
  decision: z.enum(["certify", "revoke"], { error: "Choose certify or revoke" }),
  comment: ZComment,
});
/** Untrusted (a form, a request body): every field is validated here, and a refusal is recorded. */
export type TDecideReviewItem = { [K in keyof z.input<typeof ZDecideReviewItem>]?: unknown };

export async function decideReviewItem(
  acting: Acting,
  input: TDecideReviewItem,
): Promise<{ itemId: string; campaignId: string; decision: "certified" | "revoked" }> {
  const { actor } = acting;
  const itemId = typeof input.itemId === "string" ? input.itemId.slice(0, 60) : "";
  const item = /^rvi_[0-9a-z]{4,40}$/.test(itemId)
    ? await getDb().reviewItem.findUnique({ where: { id: itemId }, select: { campaignId: true, grantId: true, granteeId: true, scope: true } })
    : null;
  const ctx: RefusalContext = {
    attempted: "decide_review_item",
    privacyTier: (item?.scope as Scope | undefined) ?? "none",
    resource: `review_item:${itemId || "unknown"}`,
    recordId: item?.granteeId ?? null,
    payload: { campaign_id: item?.campaignId ?? null, grant_id: item?.grantId ?? null },
  };

  await requirePermissionOrRefuse(acting, "review.manage", ctx, "Only a privacy admin can decide review items (review.manage).");
  const parsed = await parseOrRefuse(ZDecideReviewItem, { ...input, itemId }, acting, ctx, "comment");
  if (!item) throw new AppError("not_found", "No such review item", { field: "itemId" });
  // Law 3: nobody certifies (keeps) their own access.
  if (item.granteeId === actor.id)
    throw await refuse(acting, refusal(ctx, "forbidden", "Nobody reviews their own grant; another privacy admin must.", "itemId"));
  const { comment } = parsed;
  const decision = parsed.decision === "certify" ? "certified" : "revoked";

  const { result } = await commitOrRefuse(acting, async (uow) => {
    const at = now();
    const current = await uow.tx.reviewItem.findUnique({
      where: { id: itemId },
      select: { decision: true, campaign: { select: { status: true } }, grant: { select: { status: true, expiresAt: true } } },
    });
    if (!current) throw new AppError("not_found", "No such review item", { field: "itemId" });
    if (current.campaign.status !== "open")
      throw new AppError("conflict", "This campaign is closed; its items can no longer be decided", { field: "itemId" });
    if (current.decision !== "pending")
      throw new AppError("conflict", `This item is already decided (${current.decision.replace("_", " ")})`, { field: "itemId" });
    if (current.grant.status !== "active" || current.grant.expiresAt <= at) {
      const ended = current.grant.status === "active" ? "expired" : current.grant.status;
      throw new AppError("conflict", `This grant has already ended (${ended}); there is nothing to decide`, { field: "itemId" });
    }
    // Conditional on still pending: against a second reviewer and against the due-date job (docs/decisions/015).
    const { count } = await uow.tx.reviewItem.updateMany({
      where: { id: itemId, decision: "pending" },
      data: { decision, decidedById: actor.id, decidedAt: at, comment },
    });
    if (count === 0) throw new AppError("conflict", "This item was decided just now", { field: "itemId" });
    uow.record(
      governanceEntry(actor, acting.meta, {
        action: "governance.review_item_decided",
        privacyTier: item.scope as Scope,
        resource: `review_item:${itemId}`,
        recordId: item.granteeId,
        purpose: comment,
        payload: { campaign_id: item.campaignId, item_id: itemId, grant_id: item.grantId, grantee_id: item.granteeId, decision },
      }),
    );
    // endGrant is conditional too: if the grant ended meanwhile it throws a conflict and this whole decision rolls back.
    if (decision === "revoked") {
      await endGrant(uow, acting, item.grantId, "revoked", comment, { review_campaign_id: item.campaignId, review_item_id: itemId });
    }
    return { itemId, campaignId: item.campaignId, decision: decision as "certified" | "revoked" };
  });
  return result;
}
