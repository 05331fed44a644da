// The holder gives access back before it expires ("I'm done"). Only the holder: others revoke, with a reason.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import type { Scope } from "@/lib/core/tiers";
import { endGrant } from "./grant-lifecycle";
import { commitOrRefuse, invalidField, refusal, type RefusalContext } from "./record-refusal";
import { ZComment } from "./vocabulary";

export interface RelinquishGrant {
  grantId: string;
  comment?: string;
}

const DEFAULT_COMMENT = "Given back by the holder";

export async function relinquishGrant(acting: Acting, input: RelinquishGrant): Promise<{ scope: Scope }> {
  const { result } = await commitOrRefuse(acting, async (uow) => {
    const grant = await uow.tx.grant.findUnique({
      where: { id: input.grantId },
      select: { id: true, userId: true, scope: true, status: true, expiresAt: true },
    });
    const ctx: RefusalContext = {
      attempted: "relinquish_grant",
      privacyTier: (grant?.scope as Scope | undefined) ?? "none",
      resource: `grant:${grant?.id ?? "unknown"}`,
      recordId: grant?.userId ?? null,
    };
    // Someone else's grant reads as not found, as on every "yours only" verb.
    if (!grant || grant.userId !== acting.actor.id) throw refusal(ctx, "not_found", "You hold no such grant", "grantId");
    if (grant.status !== "active") throw refusal(ctx, "conflict", `This grant has already ended (${grant.status})`, "grantId");
    // Past its expiry it grants nothing already (the gateway checks the time); the expiry job records its end.
    if (grant.expiresAt <= now()) throw refusal(ctx, "conflict", "This grant has already expired", "grantId");
    let comment = DEFAULT_COMMENT;
    if (input.comment?.trim()) {
      const parsed = ZComment.safeParse(input.comment);
      if (!parsed.success) throw invalidField(ctx, "comment", parsed.error);
      comment = parsed.data;
    }
    return { scope: (await endGrant(uow, acting, grant.id, "relinquished", comment)).scope };
  });
  return result;
}
