// The after-review of a break-glass use (issue 6 item 7): a privacy admin other than the person who used it reads
// the reason and concludes "justified" or "revoke". Revoke ends the grant at once if it is still running; either way
// the conclusion is kept on the grant and in the ledger.
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

export const AFTER_REVIEW_OUTCOMES = ["justified", "revoke"] as const;
export type AfterReviewOutcome = (typeof AFTER_REVIEW_OUTCOMES)[number];

export const ZAfterReviewBreakGlass = z.object({
  grantId: z.string().regex(/^grt_[0-9a-z]{4,40}$/, "Not a grant id"),
  comment: ZComment,
  outcome: z.enum(AFTER_REVIEW_OUTCOMES, { error: "Choose justified or revoke" }),
});
/** Untrusted (a form, a request body): every field is validated here, and a refusal is recorded. */
export type TAfterReviewBreakGlass = { [K in keyof z.input<typeof ZAfterReviewBreakGlass>]?: unknown };

export interface AfterReviewed {
  grantId: string;
  outcome: AfterReviewOutcome;
  /** The grant was still running and the outcome ended it. */
  revoked: boolean;
  overdue: boolean;
}

export async function afterReviewBreakGlass(acting: Acting, input: TAfterReviewBreakGlass): Promise<AfterReviewed> {
  const { actor } = acting;
  const grantId = typeof input.grantId === "string" ? input.grantId.slice(0, 60) : "";
  const grant = /^grt_[0-9a-z]{4,40}$/.test(grantId)
    ? await getDb().grant.findUnique({ where: { id: grantId }, select: { userId: true, scope: true, source: true } })
    : null;
  const ctx: RefusalContext = {
    attempted: "break_glass_after_review",
    privacyTier: (grant?.scope as Scope | undefined) ?? "none",
    resource: `grant:${grantId || "unknown"}`,
    recordId: grant?.userId ?? null,
  };

  await requirePermissionOrRefuse(acting, "grant.manage", ctx, "Only a privacy admin can after-review a break-glass use (grant.manage).");
  const { comment, outcome } = await parseOrRefuse(ZAfterReviewBreakGlass, { ...input, grantId }, acting, ctx, "comment");
  if (!grant || grant.source !== "break_glass") throw new AppError("not_found", "No break-glass use with this id", { field: "grantId" });
  // Law 3 carried over: the person who broke the glass never judges their own use.
  if (grant.userId === actor.id)
    throw await refuse(acting, refusal(ctx, "forbidden", "Nobody after-reviews their own break-glass use; another privacy admin must.", "grantId"));

  const { result } = await commitOrRefuse(acting, async (uow) => {
    const at = now();
    const current = await uow.tx.grant.findUnique({ where: { id: grantId }, select: { status: true, expiresAt: true, afterReviewDueAt: true } });
    if (!current) throw new AppError("not_found", "No break-glass use with this id", { field: "grantId" });
    // Conditional: two admins reviewing at once, the second gets a conflict and writes nothing.
    const { count } = await uow.tx.grant.updateMany({
      where: { id: grantId, source: "break_glass", afterReviewedAt: null },
      data: { afterReviewedAt: at, afterReviewedById: actor.id, afterReviewComment: comment, afterReviewOutcome: outcome },
    });
    if (count === 0) throw new AppError("conflict", "This break-glass use has already been after-reviewed", { field: "grantId" });
    const stillRunning = current.status === "active" && current.expiresAt > at;
    const overdue = current.afterReviewDueAt !== null && current.afterReviewDueAt < at;
    uow.record(
      governanceEntry(actor, acting.meta, {
        action: "governance.break_glass_after_reviewed",
        privacyTier: grant.scope as Scope,
        resource: `grant:${grantId}`,
        recordId: grant.userId,
        purpose: comment,
        payload: {
          grant_id: grantId,
          user_id: grant.userId,
          scope: grant.scope,
          outcome,
          overdue,
          after_review_due_at: current.afterReviewDueAt?.toISOString() ?? null,
          grant_status: current.status,
        },
      }),
    );
    // A grant past its expiry is left to the expiry job: it lapsed, nobody revoked it.
    if (outcome === "revoke" && stillRunning) {
      await endGrant(uow, acting, grantId, "revoked", comment, { via: "break_glass_after_review" });
    }
    return { grantId, outcome, revoked: outcome === "revoke" && stillRunning, overdue };
  });
  return result;
}
