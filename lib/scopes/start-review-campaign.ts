// Access reviews (issue 6 item 8): a privacy admin starts a campaign over the grants active right now in chosen
// tiers, with a due date. Each grant becomes one item to certify or revoke; at the due date the undecided ones are
// revoked (close-due-reviews.ts).
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { describePii, detectPii } from "@/lib/core/pii-detect";
import { ZScope } from "@/lib/core/schemas";
import { highestTier, SCOPES, TIER_LABELS, type Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyPrivacyAdmins } from "@/lib/inbox/notify";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { utcText } from "./durations";
import { commitOrRefuse, parseOrRefuse, refuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";

/** A campaign runs at most this long: a review that takes a quarter is no longer a review of what is active. */
export const MAX_CAMPAIGN_DAYS = 90;
const DAY_MS = 86_400_000;

export const ZStartReviewCampaign = z.object({
  name: z
    .string({ error: "Name the campaign" })
    .trim()
    .min(3, "Give the campaign a name of at least 3 characters")
    .max(120, "Keep the name under 120 characters")
    .superRefine((text, ctx) => {
      // The name is ledgered and shown to auditors: no personal data in it.
      const reason = describePii(detectPii(text), "the campaign");
      if (reason) ctx.addIssue({ code: "custom", message: `The name ${reason}` });
    }),
  scopes: z
    .array(ZScope, { error: "Choose at least one tier" })
    .min(1, "Choose at least one tier")
    .transform((s) => SCOPES.filter((t) => s.includes(t))),
  dueAt: z.coerce.date({ error: "Give a due date" }),
});
/** Untrusted (a form, a request body): every field is validated here, and a refusal is recorded. */
export type TStartReviewCampaign = { [K in keyof z.input<typeof ZStartReviewCampaign>]?: unknown };

export interface CampaignStarted {
  campaignId: string;
  itemCount: number;
  dueAt: Date;
}

export async function startReviewCampaign(acting: Acting, input: TStartReviewCampaign): Promise<CampaignStarted> {
  const { actor } = acting;
  const scopes = Array.isArray(input.scopes) ? input.scopes.filter((s): s is Scope => ZScope.safeParse(s).success) : [];
  const ctx: RefusalContext = {
    attempted: "start_review_campaign",
    privacyTier: scopes.length ? highestTier(scopes) : "none",
    resource: "review_campaign:new",
    payload: { scopes },
  };

  await requirePermissionOrRefuse(acting, "review.manage", ctx, "Only a privacy admin can start an access review (review.manage).");
  const { name, dueAt, scopes: tiers } = await parseOrRefuse(ZStartReviewCampaign, input, acting, ctx, "name");
  const at = now();
  if (dueAt <= at) throw await refuse(acting, refusal(ctx, "validation_failed", "The due date must be in the future", "dueAt"));
  if (dueAt.getTime() > at.getTime() + MAX_CAMPAIGN_DAYS * DAY_MS) {
    throw await refuse(acting, refusal(ctx, "validation_failed", `The due date must be within ${MAX_CAMPAIGN_DAYS} days`, "dueAt"));
  }
  const active = { scope: { in: tiers }, status: "active", expiresAt: { gt: at } };
  if ((await getDb().grant.count({ where: active })) === 0) {
    throw await refuse(
      acting,
      refusal(ctx, "validation_failed", `No active grants in ${tiers.map((s) => TIER_LABELS[s]).join(", ")}: there is nothing to review.`, "scopes"),
    );
  }

  const { result } = await commitOrRefuse(acting, async (uow) => {
    const startedAt = now();
    // The items are the grants active at the start, read in the same transaction as the campaign is written.
    const grants = await uow.tx.grant.findMany({
      where: { ...active, expiresAt: { gt: startedAt } },
      select: { id: true, userId: true, scope: true },
      orderBy: { id: "asc" },
    });
    if (grants.length === 0)
      throw new AppError("conflict", "The grants in these tiers ended just now: there is nothing to review.", { field: "scopes" });
    const campaignId = newId("rvc");
    await uow.tx.reviewCampaign.create({
      data: { id: campaignId, name, scopes: JSON.stringify(tiers), status: "open", dueAt, createdById: actor.id, createdAt: startedAt },
    });
    await uow.tx.reviewItem.createMany({
      data: grants.map((g) => ({ id: newId("rvi"), campaignId, grantId: g.id, granteeId: g.userId, scope: g.scope, decision: "pending" })),
    });
    uow.record(
      governanceEntry(actor, acting.meta, {
        action: "governance.review_campaign_started",
        privacyTier: highestTier(tiers),
        resource: `review_campaign:${campaignId}`,
        purpose: name,
        payload: { campaign_id: campaignId, name, scopes: tiers, due_at: dueAt.toISOString(), item_count: grants.length },
      }),
    );
    await notifyPrivacyAdmins(
      {
        kind: "review.campaign_started",
        title: `Access review started: ${name}`,
        body: `${grants.length === 1 ? "1 grant" : `${grants.length} grants`} to certify or revoke by ${utcText(dueAt)}. Undecided grants are revoked then.`,
        href: `/reviews/${campaignId}`,
      },
      { tx: uow.tx, except: actor.id },
    );
    return { campaignId, itemCount: grants.length, dueAt };
  });
  return result;
}

/** For the start form: how many grants each tier's campaign would take in right now. */
export async function countActiveGrantsByTier(): Promise<Record<Scope, number>> {
  const groups = await getDb().grant.groupBy({ by: ["scope"], where: { status: "active", expiresAt: { gt: now() } }, _count: { _all: true } });
  const out = Object.fromEntries(SCOPES.map((s) => [s, 0])) as Record<Scope, number>;
  for (const g of groups) if (g.scope in out) out[g.scope as Scope] = g._count._all;
  return out;
}
