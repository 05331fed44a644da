// A matter's custodians: console users (any role) told through the inbox that they must preserve what the matter
// concerns, who acknowledge the notice; the time of the acknowledgement is recorded and ledgered. Adding and removing
// is the privacy admins' (holds.manage); acknowledging is the custodian's own, checked by "is this user a custodian
// of the matter", not by a permission.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { notifyUsers } from "@/lib/inbox/notify";
import { commitOrRefuse, refusal, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { idOf, lockMatter, matterContext, matterEntry } from "../holds-internals";

/** Where a custodian acknowledges the notice (the inbox item links here). */
export const acknowledgeHref = (matterId: string) => `/holds/${matterId}/acknowledge`;

export async function addCustodian(acting: Acting, input: { matterId: string; userId: string }): Promise<void> {
  const matterId = idOf(input.matterId);
  const userId = idOf(input.userId);
  const ctx = matterContext("add_custodian", matterId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins name custodians (holds.manage).");
  await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockMatter(tx, matterId);
    const matter = await tx.matter.findUnique({ where: { id: matterId }, select: { status: true, name: true, legalReference: true } });
    if (!matter) throw refusal(ctx, "not_found", "No such matter", "matterId");
    if (matter.status !== "open") throw refusal(ctx, "conflict", "This matter is closed; it takes no new custodians", "matterId");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { status: true } });
    if (!user || user.status !== "active") throw refusal(ctx, "validation_failed", "Choose an active console user", "userId");
    const existing = await tx.matterCustodian.findUnique({ where: { matterId_userId: { matterId, userId } }, select: { addedAt: true } });
    if (existing) throw refusal(ctx, "conflict", "This person is already a custodian of the matter", "userId");
    await tx.matterCustodian.create({ data: { matterId, userId, addedById: acting.actor.id, addedAt: now() } });
    record(matterEntry(acting, matterId, { action: "holds.custodian_added", recordId: userId, payload: { user_id: userId } }));
    await notifyUsers(
      [userId],
      {
        kind: "holds.custodian_notice",
        title: `Legal hold notice: ${matter.name}`,
        body: `You are a custodian of the matter ${matter.legalReference}. Preserve everything it concerns, and acknowledge this notice.`,
        href: acknowledgeHref(matterId),
      },
      tx,
    );
  });
}

export async function removeCustodian(acting: Acting, input: { matterId: string; userId: string }): Promise<void> {
  const matterId = idOf(input.matterId);
  const userId = idOf(input.userId);
  const ctx = matterContext("remove_custodian", matterId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins remove custodians (holds.manage).");
  await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockMatter(tx, matterId);
    const row = await tx.matterCustodian.findUnique({ where: { matterId_userId: { matterId, userId } }, select: { acknowledgedAt: true } });
    if (!row) throw refusal(ctx, "not_found", "This person is not a custodian of the matter", "userId");
    await tx.matterCustodian.delete({ where: { matterId_userId: { matterId, userId } } });
    record(
      matterEntry(acting, matterId, {
        action: "holds.custodian_removed",
        recordId: userId,
        payload: { user_id: userId, had_acknowledged: row.acknowledgedAt !== null },
      }),
    );
  });
}

/** The custodian's own acknowledgement; anyone else is refused (403) and the attempt recorded. */
export async function acknowledgeCustodianNotice(acting: Acting, input: { matterId: string }): Promise<{ acknowledgedAt: Date }> {
  const matterId = idOf(input.matterId);
  const ctx = matterContext("acknowledge_custodian_notice", matterId);
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockMatter(tx, matterId);
    const userId = acting.actor.id;
    const row = await tx.matterCustodian.findUnique({ where: { matterId_userId: { matterId, userId } }, select: { acknowledgedAt: true } });
    if (!row) throw refusal(ctx, "forbidden", "Only a custodian of this matter acknowledges its notice, and you are not one", "matterId");
    if (row.acknowledgedAt)
      throw refusal(
        ctx,
        "conflict",
        `You acknowledged this notice on ${row.acknowledgedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
        "matterId",
      );
    const at = now();
    await tx.matterCustodian.update({ where: { matterId_userId: { matterId, userId } }, data: { acknowledgedAt: at } });
    record(matterEntry(acting, matterId, { action: "holds.custodian_acknowledged", recordId: userId, payload: { user_id: userId } }));
    return at;
  });
  return { acknowledgedAt: result };
}
