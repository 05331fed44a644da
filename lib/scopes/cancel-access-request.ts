// The requester withdraws a request that is still pending. Nobody else cancels it: a privacy admin denies instead.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import type { Scope } from "@/lib/core/tiers";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { lockRow } from "./access-request-internals";
import { commitOrRefuse, invalidField, refusal, type RefusalContext } from "./record-refusal";
import { ZComment } from "./vocabulary";

export interface CancelAccessRequest {
  requestId: string;
  /** Optional: why the requester no longer needs it. */
  comment?: string;
}

export async function cancelAccessRequest(acting: Acting, input: CancelAccessRequest): Promise<void> {
  const { actor, meta } = acting;
  await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockRow(tx, "access_requests", input.requestId);
    const request = await tx.accessRequest.findUnique({
      where: { id: input.requestId },
      select: { id: true, requesterId: true, scope: true, status: true },
    });
    const ctx: RefusalContext = {
      attempted: "cancel_request",
      privacyTier: (request?.scope as Scope | undefined) ?? "none",
      resource: `request:${request?.id ?? "unknown"}`,
      recordId: request?.requesterId ?? null,
    };
    // Someone else's request reads as not found: its existence is not theirs to learn.
    if (!request || request.requesterId !== actor.id) throw refusal(ctx, "not_found", "You have no such request", "requestId");
    if (request.status !== "pending")
      throw refusal(ctx, "conflict", `This request is no longer pending (it is ${request.status.replace("_", " ")})`, "requestId");
    let comment = "";
    if (input.comment?.trim()) {
      const parsed = ZComment.safeParse(input.comment);
      if (!parsed.success) throw invalidField(ctx, "comment", parsed.error);
      comment = parsed.data;
    }
    const at = now();
    await tx.accessRequest.update({
      where: { id: request.id },
      data: { status: "cancelled", decidedAt: at, closedById: actor.id, closeComment: comment || null },
    });
    record(
      governanceEntry(actor, meta, {
        action: "governance.scope_request_cancelled",
        privacyTier: request.scope as Scope,
        resource: `request:${request.id}`,
        recordId: actor.id,
        purpose: comment,
        payload: { request_id: request.id, requester_id: actor.id, scope: request.scope, cancelled_at: at.toISOString() },
      }),
    );
  });
}
