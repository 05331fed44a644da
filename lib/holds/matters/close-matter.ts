// Closes a matter. Refused while any of its holds is active (Vault and Purview: a matter cannot close while it
// holds data): the 409 names those holds, so the privacy admin knows which to release first.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { commitOrRefuse, invalidField, refusal, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { ZReason } from "@/lib/scopes/vocabulary";
import { idOf, lockMatter, matterContext, matterEntry } from "../holds-internals";

export async function closeMatter(acting: Acting, input: { matterId: string; reason: string }): Promise<void> {
  const matterId = idOf(input.matterId);
  const ctx = matterContext("close_matter", matterId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins close legal matters (holds.manage).");
  await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockMatter(tx, matterId);
    const row = await tx.matter.findUnique({ where: { id: matterId }, select: { status: true } });
    if (!row) throw refusal(ctx, "not_found", "No such matter", "matterId");
    if (row.status !== "open") throw refusal(ctx, "conflict", "This matter is already closed", "matterId");
    const active = await tx.legalHold.findMany({
      where: { matterId, status: "active" },
      select: { id: true, name: true },
      orderBy: { createdAt: "asc" },
    });
    if (active.length > 0) {
      const names = active.map((h) => `“${h.name}” (${h.id})`).join(", ");
      throw refusal(
        ctx,
        "conflict",
        `This matter still has ${active.length === 1 ? "an active hold" : `${active.length} active holds`}: ${names}. Release ${active.length === 1 ? "it" : "them"} before closing the matter.`,
        "matterId",
        {
          active_hold_ids: active.map((h) => h.id),
        },
      );
    }
    const reason = ZReason.safeParse(input.reason ?? "");
    if (!reason.success) throw invalidField(ctx, "reason", reason.error);
    const at = now();
    await tx.matter.update({
      where: { id: matterId },
      data: { status: "closed", closedById: acting.actor.id, closedAt: at, closeReason: reason.data, updatedAt: at },
    });
    record(
      matterEntry(acting, matterId, {
        action: "holds.matter_closed",
        purpose: reason.data,
        payload: { holds: await tx.legalHold.count({ where: { matterId } }) },
      }),
    );
  });
}
