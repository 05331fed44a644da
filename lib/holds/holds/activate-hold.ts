// Activates a draft hold, with a reason (decision 030). From its commit on, every purge batch that starts reads it:
// the activation takes the purge lease row in its own transaction (fenceHoldActivation, decision 031), so it cannot
// commit while a batch that has already read the holds is deleting. While a batch holds the lease it marks that it
// waits (the run starts no further batch meanwhile, decision 041) and tries again, for up to the lease time (a batch is
// short; a crashed one's lease lapses), then answers 409.
import { setTimeout as sleep } from "node:timers/promises";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { commitOrRefuse, invalidField, refuse, refusal, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { ZReason } from "@/lib/scopes/vocabulary";
import { toHoldTarget } from "../active-holds";
import { holdContext, holdEntry, idOf, lockMatter } from "../holds-internals";
import { fenceHoldActivation, markActivationWaiting, PurgeBatchInFlightError } from "../purge-lease";
import { targetsPayload } from "./create-hold";

const RETRY_EVERY_MS = 200;

export async function activateHold(
  acting: Acting,
  input: { holdId: string; reason: string },
  opts: { waitMs?: number } = {},
): Promise<{ version: number }> {
  const holdId = idOf(input.holdId);
  const ctx = holdContext("activate_hold", holdId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins activate legal holds (holds.manage).");
  const deadline = Date.now() + (opts.waitMs ?? env().purgeLeaseMs);
  for (;;) {
    try {
      return await attempt(acting, holdId, input.reason);
    } catch (err) {
      if (!(err instanceof PurgeBatchInFlightError)) throw err;
      if (Date.now() + RETRY_EVERY_MS > deadline) throw await refuse(acting, { ...ctx, error: err });
      // The run takes no new batch's lease while this mark stands, so the next try follows the batch in flight.
      await markActivationWaiting();
      await sleep(RETRY_EVERY_MS);
    }
  }
}

async function attempt(acting: Acting, holdId: string, rawReason: string): Promise<{ version: number }> {
  const ctx = holdContext("activate_hold", holdId);
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    const found = await tx.legalHold.findUnique({ where: { id: holdId }, select: { matterId: true } });
    if (!found) throw refusal(ctx, "not_found", "No such hold", "holdId");
    await lockMatter(tx, found.matterId, holdId);
    const hold = await tx.legalHold.findUniqueOrThrow({
      where: { id: holdId },
      include: { matter: { select: { status: true } }, targets: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    if (hold.matter.status !== "open") throw refusal(ctx, "conflict", "This hold's matter is closed; its holds are not activated", "holdId");
    if (hold.status !== "draft") throw refusal(ctx, "conflict", `Only a draft hold is activated; this hold is ${hold.status}`, "holdId");
    if (hold.targets.length === 0) throw refusal(ctx, "validation_failed", "A hold needs at least one target before it is activated", "targets");
    const reason = ZReason.safeParse(rawReason ?? "");
    if (!reason.success) throw invalidField(ctx, "reason", reason.error);
    await fenceHoldActivation(tx);
    const at = now();
    const version = hold.version + 1;
    await tx.legalHold.update({
      where: { id: holdId },
      data: { status: "active", version, activatedById: acting.actor.id, activatedAt: at, activationReason: reason.data, updatedAt: at },
    });
    record(
      holdEntry(acting, holdId, {
        action: "holds.hold_activated",
        purpose: reason.data,
        payload: { matter_id: hold.matterId, version, targets: targetsPayload(hold.targets.map(toHoldTarget)) },
      }),
    );
    return version;
  });
  return { version: result };
}
