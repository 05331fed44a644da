// Opens a legal matter (docs/decisions/030-legal-holds.md): name, legal reference, description and an owner who is an
// active console user. The row and holds.matter_created commit together.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { Tx } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, requirePermissionOrRefuse } from "@/lib/scopes/record-refusal";
import { matterContext, matterEntry, textHash, zodField, ZMatterFields, type TMatterFields } from "../holds-internals";

export async function createMatter(acting: Acting, input: TMatterFields): Promise<{ id: string }> {
  await requirePermissionOrRefuse(
    acting,
    "holds.manage",
    matterContext("create_matter", ""),
    "Only privacy admins open legal matters (holds.manage).",
  );
  const parsed = ZMatterFields.safeParse(input);
  if (!parsed.success)
    throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid matter", { field: zodField(parsed.error) });
  const m = parsed.data;
  const id = newId("mat");
  await commitOrRefuse(acting, async ({ tx, record }) => {
    await requireOwner(tx, m.ownerId);
    const at = now();
    await tx.matter.create({
      data: {
        id,
        name: m.name,
        legalReference: m.legalReference,
        description: m.description,
        ownerId: m.ownerId,
        status: "open",
        createdById: acting.actor.id,
        createdAt: at,
        updatedAt: at,
      },
    });
    record(
      matterEntry(acting, id, {
        action: "holds.matter_created",
        payload: { owner_id: m.ownerId, name_sha256: textHash(m.name), legal_reference_sha256: textHash(m.legalReference) },
      }),
    );
  });
  return { id };
}

/** A matter's owner is an active console user (any role: counsel may be an auditor). */
export async function requireOwner(tx: Tx, ownerId: string): Promise<void> {
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { status: true } });
  if (!owner || owner.status !== "active")
    throw new AppError("validation_failed", "Choose an active console user as the owner", { field: "ownerId" });
}
