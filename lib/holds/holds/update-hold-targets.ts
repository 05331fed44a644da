// Replaces a draft hold's targets. Once active, a hold's targets are fixed: a purge run's snapshot names the hold's
// version, and narrowing an active hold would be a release by another name (release needs two people).
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { commitOrRefuse, refusal, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { toHoldTarget } from "../active-holds";
import { holdContext, holdEntry, idOf, lockMatter } from "../holds-internals";
import { checkHoldTargets } from "./check-hold-targets";
import { targetsPayload, writeTargets } from "./create-hold";

export async function updateHoldTargets(acting: Acting, input: { holdId: string; targets: unknown }): Promise<{ version: number }> {
  const holdId = idOf(input.holdId);
  const ctx = holdContext("change_hold_targets", holdId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins change legal holds (holds.manage).");
  const targets = await checkHoldTargets(input.targets);
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    const hold = await tx.legalHold.findUnique({ where: { id: holdId }, select: { matterId: true } });
    if (!hold) throw refusal(ctx, "not_found", "No such hold", "holdId");
    await lockMatter(tx, hold.matterId, holdId);
    const row = await tx.legalHold.findUniqueOrThrow({
      where: { id: holdId },
      include: { targets: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    if (row.status !== "draft") throw refusal(ctx, "conflict", `Only a draft hold's targets change; this hold is ${row.status}`, "holdId");
    const before = row.targets.map(toHoldTarget);
    if (JSON.stringify(before) === JSON.stringify(targets)) return row.version;
    const at = now();
    await tx.legalHoldTarget.deleteMany({ where: { holdId } });
    await writeTargets(tx, holdId, targets, at);
    const version = row.version + 1;
    await tx.legalHold.update({ where: { id: holdId }, data: { version, updatedAt: at } });
    record(
      holdEntry(acting, holdId, {
        action: "holds.hold_targets_changed",
        payload: { matter_id: row.matterId, version, previous_targets: targetsPayload(before), targets: targetsPayload(targets) },
      }),
    );
    return version;
  });
  return { version: result };
}
