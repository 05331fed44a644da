// Adds a hold to an open matter, as a draft with one or more targets (checked against the warehouse first, so a
// refusal writes nothing). A draft protects nothing until it is activated.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { Tx } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, refusal, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { holdContext, holdEntry, idOf, lockMatter, textHash, ZHoldName } from "../holds-internals";
import type { HoldTarget } from "../types";
import { checkHoldTargets } from "./check-hold-targets";

export async function createHold(acting: Acting, input: { matterId: string; name: string; targets: unknown }): Promise<{ id: string }> {
  const matterId = idOf(input.matterId);
  const ctx = holdContext("create_hold", "");
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins place legal holds (holds.manage).");
  const name = ZHoldName.safeParse(input.name ?? "");
  if (!name.success) throw new AppError("validation_failed", name.error.issues[0]?.message ?? "Invalid name", { field: "name" });
  const targets = await checkHoldTargets(input.targets);
  const id = newId("hold");
  await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockMatter(tx, matterId);
    const matter = await tx.matter.findUnique({ where: { id: matterId }, select: { status: true } });
    if (!matter) throw refusal(ctx, "not_found", "No such matter", "matterId");
    if (matter.status !== "open") throw refusal(ctx, "conflict", "This matter is closed; it takes no new holds", "matterId");
    const at = now();
    await tx.legalHold.create({
      data: { id, matterId, name: name.data, status: "draft", version: 1, createdById: acting.actor.id, createdAt: at, updatedAt: at },
    });
    await writeTargets(tx, id, targets, at);
    record(
      holdEntry(acting, id, {
        action: "holds.hold_created",
        payload: { matter_id: matterId, name_sha256: textHash(name.data), version: 1, targets: targetsPayload(targets) },
      }),
    );
  });
  return { id };
}

export async function writeTargets(tx: Tx, holdId: string, targets: readonly HoldTarget[], at: Date): Promise<void> {
  await tx.legalHoldTarget.createMany({
    // One millisecond apart, so reading them back by creation time keeps the order they were given in.
    data: targets.map((t, i) => ({
      id: newId("hlt"),
      holdId,
      kind: t.kind,
      value: t.value,
      fromDay: t.kind === "date_range" ? t.fromDay : null,
      toDay: t.kind === "date_range" ? t.toDay : null,
      createdAt: new Date(at.getTime() + i),
    })),
  });
}

/** Targets as the ledger repeats them: kinds and ids, dataset refs and days (no personal data). */
export function targetsPayload(targets: readonly HoldTarget[]): Array<Record<string, string>> {
  return targets.map((t): Record<string, string> =>
    t.kind === "date_range" ? { kind: t.kind, value: t.value, from_day: t.fromDay, to_day: t.toDay } : { kind: t.kind, value: t.value },
  );
}
