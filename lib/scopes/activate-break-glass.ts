// Break-glass (issue 6 item 7): an analyst switches on an emergency grant alone, where the tier's policy allows it,
// with a mandatory reason and for at most the policy's limit. No approval; instead every privacy admin is alerted at
// once, an optional signed webhook goes out, and a privacy admin must after-review the use within 24 h.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { ZScope } from "@/lib/core/schemas";
import { TIER_LABELS, type Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyPrivacyAdmins } from "@/lib/inbox/notify";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { BREAK_GLASS_WEBHOOK_KIND, BREAK_GLASS_WEBHOOK_MAX_ATTEMPTS, breakGlassEvent } from "./break-glass-webhook";
import { describeMinutes, utcText } from "./durations";
import { activateGrant } from "./grant-lifecycle";
import { getPolicy } from "./get-policy";
import { commitOrRefuse, parseOrRefuse, refuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";
import { ZReason } from "./vocabulary";

/** The after-review is due this long after activation (issue 6: "within 24 h"). */
export const AFTER_REVIEW_WITHIN_MS = 24 * 60 * 60 * 1000;

export const ZActivateBreakGlass = z.object({
  scope: ZScope,
  reason: ZReason,
  durationMinutes: z.coerce
    .number({ error: "Choose how long you need access" })
    .int("Give the duration in whole minutes")
    .min(1, "Break-glass lasts at least 1 minute"),
});
/** Untrusted (a form, a request body): every field is validated here, and a refusal is recorded. */
export type TActivateBreakGlass = { [K in keyof z.input<typeof ZActivateBreakGlass>]?: unknown };

export interface BreakGlassActivated {
  grantId: string;
  scope: Scope;
  activatedAt: Date;
  expiresAt: Date;
  afterReviewDueAt: Date;
}

export async function activateBreakGlass(acting: Acting, input: TActivateBreakGlass): Promise<BreakGlassActivated> {
  const { actor } = acting;
  const tier = ZScope.safeParse(input.scope);
  const ctx: RefusalContext = {
    attempted: "break_glass",
    privacyTier: tier.success ? tier.data : "none",
    resource: `user:${actor.id}`,
    recordId: actor.id,
    payload: { scope: tier.success ? tier.data : null },
  };
  await requirePermissionOrRefuse(acting, "scope.request", ctx, "Your role does not allow asking for access (scope.request).");
  const { scope, reason, durationMinutes } = await parseOrRefuse(ZActivateBreakGlass, input, acting, ctx, "scope");

  // Decided on the policy in force; re-read inside the transaction below so an edit in between cannot slip past.
  const policy = await getPolicy(scope);
  if (!policy.breakGlassAllowed) {
    throw await refuse(
      acting,
      refusal(
        ctx,
        "forbidden",
        `The policy for ${TIER_LABELS[scope]} (version ${policy.version}) does not allow break-glass. Request access instead.`,
        "scope",
        { policy_version: policy.version },
      ),
    );
  }
  if (durationMinutes > policy.breakGlassMaxMinutes) {
    throw await refuse(
      acting,
      refusal(
        ctx,
        "validation_failed",
        `Break-glass on ${TIER_LABELS[scope]} lasts at most ${describeMinutes(policy.breakGlassMaxMinutes)} (${policy.breakGlassMaxMinutes} minutes).`,
        "durationMinutes",
        { policy_version: policy.version, duration_minutes: durationMinutes, max_minutes: policy.breakGlassMaxMinutes },
      ),
    );
  }
  const held = await getDb().grant.findFirst({
    where: { userId: actor.id, scope, status: "active", datasets: null, expiresAt: { gt: now() } },
    select: { expiresAt: true },
  });
  if (held) {
    throw await refuse(
      acting,
      refusal(
        ctx,
        "conflict",
        `You already hold ${TIER_LABELS[scope]} on every dataset until ${utcText(held.expiresAt)}; break-glass would add nothing.`,
        "scope",
      ),
    );
  }

  const webhook = env().breakGlassWebhook;
  const user = await getDb().user.findUnique({ where: { id: actor.id }, select: { name: true } });
  const { result } = await commitOrRefuse(acting, async (uow) => {
    const current = await getPolicy(scope, uow.tx);
    if (current.version !== policy.version) {
      throw new AppError("conflict", `The policy for ${TIER_LABELS[scope]} changed just now; check its limits and try again.`, { field: "scope" });
    }
    const activatedAt = now();
    const afterReviewDueAt = new Date(activatedAt.getTime() + AFTER_REVIEW_WITHIN_MS);
    const grant = await activateGrant(uow, acting, {
      userId: actor.id,
      scope,
      source: "break_glass",
      reason,
      datasets: null,
      policyVersion: current.version,
      durationMinutes,
      grantedById: null,
      afterReviewDueAt,
    });
    await notifyPrivacyAdmins(
      {
        kind: "break_glass.activated",
        title: `Break-glass on ${TIER_LABELS[scope]} by ${user?.name ?? actor.id}`,
        body: `Active for ${describeMinutes(durationMinutes)}, until ${utcText(grant.expiresAt)}. Reason: “${reason}”. After-review due by ${utcText(afterReviewDueAt)}.`,
        href: `/break-glass/${grant.id}`,
      },
      { tx: uow.tx, except: actor.id },
    );
    if (webhook) {
      await enqueueJob(
        {
          kind: BREAK_GLASS_WEBHOOK_KIND,
          payload: breakGlassEvent({
            eventId: randomUUID(),
            actor,
            meta: acting.meta,
            grantId: grant.id,
            scope,
            policyVersion: current.version,
            activatedAt: grant.activatedAt,
            expiresAt: grant.expiresAt,
            afterReviewDueAt,
          }),
          maxAttempts: BREAK_GLASS_WEBHOOK_MAX_ATTEMPTS,
          dedupeKey: `${BREAK_GLASS_WEBHOOK_KIND}:${grant.id}`,
        },
        uow.tx,
      );
    }
    return { grantId: grant.id, scope, activatedAt: grant.activatedAt, expiresAt: grant.expiresAt, afterReviewDueAt };
  });
  return result;
}
