// A privacy admin ends someone's active grant before its time, with a reason (issue 6: "revoke with a reason").
// The holder learns it from their inbox; the ledger records who revoked it and why (governance.scope_revoked).
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { ZScope } from "@/lib/core/schemas";
import { TIER_LABELS } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyUsers } from "@/lib/inbox/notify";
import { endGrant } from "./grant-lifecycle";
import { commitOrRefuse, parseOrRefuse, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";
import { ZReason } from "./vocabulary";

export const ZGrantId = z.string({ error: "Name the grant" }).regex(/^grt_[0-9a-z]{4,40}$/, "Not a grant id");

export const ZRevokeGrant = z.object({ grantId: ZGrantId, reason: ZReason });
export type TRevokeGrant = z.input<typeof ZRevokeGrant>;

export async function revokeGrant(acting: Acting, input: TRevokeGrant): Promise<{ grantId: string; userId: string }> {
  const id = ZGrantId.safeParse(input?.grantId);
  // The refusal names the grant's tier when there is such a grant, so an auditor filtering by tier finds the attempt.
  const target = id.success ? await getDb().grant.findUnique({ where: { id: id.data }, select: { scope: true, userId: true } }) : null;
  const tier = ZScope.safeParse(target?.scope);
  const ctx: RefusalContext = {
    attempted: "revoke_grant",
    privacyTier: tier.success ? tier.data : "none",
    resource: id.success ? `grant:${id.data}` : "grant:unknown",
    recordId: target?.userId ?? null,
  };
  await requirePermissionOrRefuse(acting, "grant.manage", ctx);
  const r = await parseOrRefuse(ZRevokeGrant, input, acting, ctx);

  const { result } = await commitOrRefuse(acting, async (uow) => {
    // endGrant refuses a grant that is not there (404) or no longer active (409), writing nothing.
    const ended = await endGrant(uow, acting, r.grantId, "revoked", r.reason);
    await notifyUsers(
      [ended.userId],
      {
        kind: "grant.revoked",
        title: `Your ${TIER_LABELS[ended.scope]} access was revoked`,
        body: `A privacy admin ended it before its time. Reason: ${r.reason}`,
        href: "/access",
      },
      uow.tx,
    );
    return { grantId: r.grantId, userId: ended.userId };
  });
  return result;
}
