// One matter as its page shows it (holds.read): the matter, its custodians with their acknowledgement times, and its
// holds with their targets, state, who moved them and the records each protects now.
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { toHoldTarget } from "../active-holds";
import { idOf } from "../holds-internals";
import { recordsProtected, type ProtectedCount } from "../holds/records-protected";
import type { HoldStatus, HoldTarget, MatterStatus } from "../types";

interface Who {
  id: string;
  name: string;
  email: string;
}

export interface MatterDetails {
  id: string;
  name: string;
  legalReference: string;
  description: string;
  status: MatterStatus;
  owner: Who;
  createdAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
  closedBy: Who | null;
  custodians: Array<Who & { role: string; addedAt: Date; acknowledgedAt: Date | null }>;
  holds: HoldDetails[];
}

export interface HoldDetails {
  id: string;
  name: string;
  status: HoldStatus;
  version: number;
  targets: HoldTarget[];
  createdAt: Date;
  createdBy: Who | null;
  activatedAt: Date | null;
  activatedBy: Who | null;
  activationReason: string | null;
  releaseRequestedAt: Date | null;
  releaseRequestedBy: Who | null;
  releaseReason: string | null;
  releasedAt: Date | null;
  releasedBy: Who | null;
  /** Counted only for draft and active holds (a released hold protects nothing). */
  protected: ProtectedCount[] | null;
}

export async function getMatterDetails(viewer: Actor, rawId: string): Promise<MatterDetails> {
  if (!can(viewer, "holds.read")) throw new AppError("forbidden", "Reading legal matters needs holds.read");
  const db = getDb();
  const m = await db.matter.findUnique({
    where: { id: idOf(rawId) },
    include: {
      owner: { select: { id: true, name: true, email: true } },
      custodians: {
        include: { user: { select: { id: true, name: true, email: true, role: true } } },
        orderBy: [{ addedAt: "asc" }, { userId: "asc" }],
      },
      holds: { include: { targets: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!m) throw new AppError("not_found", "No such matter");
  const ids = new Set<string>();
  if (m.closedById) ids.add(m.closedById);
  for (const h of m.holds) for (const id of [h.createdById, h.activatedById, h.releaseRequestedById, h.releasedById]) if (id) ids.add(id);
  const people = new Map(
    (await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
  );
  const who = (id: string | null) => (id ? (people.get(id) ?? { id, name: id, email: "" }) : null);
  const holds: HoldDetails[] = [];
  for (const h of m.holds) {
    const targets = h.targets.map(toHoldTarget);
    holds.push({
      id: h.id,
      name: h.name,
      status: h.status as HoldStatus,
      version: h.version,
      targets,
      createdAt: h.createdAt,
      createdBy: who(h.createdById),
      activatedAt: h.activatedAt,
      activatedBy: who(h.activatedById),
      activationReason: h.activationReason,
      releaseRequestedAt: h.releaseRequestedAt,
      releaseRequestedBy: who(h.releaseRequestedById),
      releaseReason: h.releaseReason,
      releasedAt: h.releasedAt,
      releasedBy: who(h.releasedById),
      protected: h.status === "released" ? null : await recordsProtected(targets),
    });
  }
  return {
    id: m.id,
    name: m.name,
    legalReference: m.legalReference,
    description: m.description,
    status: m.status as MatterStatus,
    owner: m.owner,
    createdAt: m.createdAt,
    closedAt: m.closedAt,
    closeReason: m.closeReason,
    closedBy: who(m.closedById),
    custodians: m.custodians.map((c) => ({ ...c.user, addedAt: c.addedAt, acknowledgedAt: c.acknowledgedAt })),
    holds,
  };
}

/**
 * What a custodian sees of a matter on the acknowledgement page: null unless `userId` is a custodian of it (the page
 * then answers 404, so nobody learns of a matter through it).
 */
export async function getCustodianNotice(
  userId: string,
  rawId: string,
): Promise<{
  matterId: string;
  name: string;
  legalReference: string;
  description: string;
  status: MatterStatus;
  ownerName: string;
  addedAt: Date;
  acknowledgedAt: Date | null;
} | null> {
  const row = await getDb().matterCustodian.findUnique({
    where: { matterId_userId: { matterId: idOf(rawId), userId } },
    include: { matter: { include: { owner: { select: { name: true } } } } },
  });
  if (!row) return null;
  const { matter } = row;
  return {
    matterId: matter.id,
    name: matter.name,
    legalReference: matter.legalReference,
    description: matter.description,
    status: matter.status as MatterStatus,
    ownerName: matter.owner.name,
    addedAt: row.addedAt,
    acknowledgedAt: row.acknowledgedAt,
  };
}

/** Active console users, for the owner and custodian pickers. */
export async function listConsoleUsers(): Promise<Array<{ id: string; name: string; email: string; role: string }>> {
  return getDb().user.findMany({
    where: { status: "active" },
    select: { id: true, name: true, email: true, role: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}
