// Releasing an active hold takes two privacy admins (issue 9): one asks, with a reason; ANOTHER confirms, or rejects
// with a reason (the hold then stays active, the request cleared). The one who asked can do neither. Until the
// confirmation commits the hold is active and protects everything it targets.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { notifyPrivacyAdmins, notifyUsers } from "@/lib/inbox/notify";
import type { Tx } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, invalidField, refusal, requirePermissionOrRefuse, type RefusalContext } from "@/lib/scopes/record-refusal";
import { ZReason } from "@/lib/scopes/vocabulary";
import { holdContext, holdEntry, idOf, lockMatter } from "../holds-internals";

async function openHold(tx: Tx, ctx: RefusalContext, holdId: string) {
  const found = await tx.legalHold.findUnique({ where: { id: holdId }, select: { matterId: true } });
  if (!found) throw refusal(ctx, "not_found", "No such hold", "holdId");
  await lockMatter(tx, found.matterId, holdId);
  const hold = await tx.legalHold.findUniqueOrThrow({ where: { id: holdId } });
  if (hold.status !== "active") throw refusal(ctx, "conflict", `Only an active hold is released; this hold is ${hold.status}`, "holdId");
  return hold;
}

export async function requestHoldRelease(acting: Acting, input: { holdId: string; reason: string }): Promise<void> {
  const holdId = idOf(input.holdId);
  const ctx = holdContext("request_hold_release", holdId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins ask to release legal holds (holds.manage).");
  await commitOrRefuse(acting, async ({ tx, record }) => {
    const hold = await openHold(tx, ctx, holdId);
    if (hold.releaseRequestedById) throw refusal(ctx, "conflict", "A release of this hold is already waiting for a second privacy admin", "holdId");
    const reason = ZReason.safeParse(input.reason ?? "");
    if (!reason.success) throw invalidField(ctx, "reason", reason.error);
    const at = now();
    const version = hold.version + 1;
    await tx.legalHold.update({
      where: { id: holdId },
      data: { version, releaseRequestedById: acting.actor.id, releaseRequestedAt: at, releaseReason: reason.data, updatedAt: at },
    });
    record(holdEntry(acting, holdId, { action: "holds.release_requested", purpose: reason.data, payload: { matter_id: hold.matterId, version } }));
    await notifyPrivacyAdmins(
      {
        kind: "holds.release_requested",
        title: `Release of hold ${holdId} needs a second privacy admin`,
        body: `Reason given: ${reason.data}`,
        href: `/holds/${hold.matterId}#${holdId}`,
      },
      { except: acting.actor.id, tx },
    );
  });
}

async function decide(acting: Acting, holdId: string, attempted: "confirm_hold_release" | "reject_hold_release", comment?: string): Promise<void> {
  const ctx = holdContext(attempted, holdId);
  const verb = attempted === "confirm_hold_release" ? "confirm" : "reject";
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, `Only privacy admins ${verb} a hold's release (holds.manage).`);
  await commitOrRefuse(acting, async ({ tx, record }) => {
    const hold = await openHold(tx, ctx, holdId);
    const requester = hold.releaseRequestedById;
    if (!requester) throw refusal(ctx, "conflict", "No release of this hold is waiting; ask for one first", "holdId");
    // Two people sign a release: the one who asked cannot also decide.
    if (requester === acting.actor.id) {
      throw refusal(ctx, "forbidden", `You asked for this release, so you cannot ${verb} it: another privacy admin must`, "holdId");
    }
    const at = now();
    const version = hold.version + 1;
    if (verb === "confirm") {
      await tx.legalHold.update({
        where: { id: holdId },
        data: { status: "released", version, releasedById: acting.actor.id, releasedAt: at, updatedAt: at },
      });
      record(
        holdEntry(acting, holdId, {
          action: "holds.hold_released",
          purpose: hold.releaseReason ?? "",
          payload: { matter_id: hold.matterId, version, requested_by: requester },
        }),
      );
    } else {
      const reason = ZReason.safeParse(comment ?? "");
      if (!reason.success) throw invalidField(ctx, "reason", reason.error);
      await tx.legalHold.update({
        where: { id: holdId },
        data: { version, releaseRequestedById: null, releaseRequestedAt: null, releaseReason: null, updatedAt: at },
      });
      record(
        holdEntry(acting, holdId, {
          action: "holds.release_rejected",
          purpose: reason.data,
          payload: { matter_id: hold.matterId, version, requested_by: requester },
        }),
      );
    }
    await notifyUsers(
      [requester],
      {
        kind: verb === "confirm" ? "holds.hold_released" : "holds.release_rejected",
        title: verb === "confirm" ? `Hold ${holdId} released` : `Release of hold ${holdId} rejected`,
        body:
          verb === "confirm"
            ? "A second privacy admin confirmed the release you asked for."
            : `A second privacy admin kept the hold active: ${comment ?? ""}`.trim(),
        href: `/holds/${hold.matterId}#${holdId}`,
      },
      tx,
    );
  });
}

export const confirmHoldRelease = (acting: Acting, input: { holdId: string }) => decide(acting, idOf(input.holdId), "confirm_hold_release");

export const rejectHoldRelease = (acting: Acting, input: { holdId: string; reason: string }) =>
  decide(acting, idOf(input.holdId), "reject_hold_release", input.reason);
