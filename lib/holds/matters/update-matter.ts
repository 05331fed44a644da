// Edits an open matter's name, legal reference, description or owner. Saving what is already there changes nothing
// and records nothing (an entry stands for a change).
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { commitOrRefuse, refusal, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { idOf, lockMatter, matterContext, matterEntry, zodField, ZMatterFields, type TMatterFields } from "../holds-internals";
import { requireOwner } from "./create-matter";

export async function updateMatter(acting: Acting, input: TMatterFields & { matterId: string }): Promise<{ changed: string[] }> {
  const matterId = idOf(input.matterId);
  const ctx = matterContext("update_matter", matterId);
  await requirePermissionOrRefuse(acting, "holds.manage", ctx, "Only privacy admins edit legal matters (holds.manage).");
  const parsed = ZMatterFields.safeParse(input);
  if (!parsed.success)
    throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid matter", { field: zodField(parsed.error) });
  const m = parsed.data;
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    await lockMatter(tx, matterId);
    const row = await tx.matter.findUnique({ where: { id: matterId } });
    if (!row) throw refusal(ctx, "not_found", "No such matter", "matterId");
    if (row.status !== "open") throw refusal(ctx, "conflict", "This matter is closed; a closed matter is not edited", "matterId");
    const changed = (["name", "legalReference", "description", "ownerId"] as const).filter((k) => row[k] !== m[k]);
    if (changed.length === 0) return [];
    if (changed.includes("ownerId")) await requireOwner(tx, m.ownerId);
    await tx.matter.update({ where: { id: matterId }, data: { ...m, updatedAt: now() } });
    record(
      matterEntry(acting, matterId, { action: "holds.matter_updated", payload: { changed, owner_id: m.ownerId, previous_owner_id: row.ownerId } }),
    );
    return changed;
  });
  return { changed: result };
}
