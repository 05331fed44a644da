// A dataset's column changes, newest first, read from the access ledger itself (governance.catalog_column_changed):
// the ledger is the tamper-evident record of every change, so the history needs no table of its own to drift from it.
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { findPeople } from "@/lib/scopes/find-people";
import { CATALOG_COLUMN_CHANGED } from "./update-catalog-column";

export interface CatalogChange {
  seq: number;
  occurredAt: string;
  column: string;
  actorEmail: string | null;
  old: { tier: string; maskRule: string };
  new: { tier: string; maskRule: string };
  reason: string;
}

const MAX = 200;

export async function listCatalogChanges(viewer: { role: Role }, ref: string): Promise<CatalogChange[]> {
  if (!can(viewer, "catalog.read")) throw new AppError("forbidden", "Reading the catalog needs the catalog.read permission");
  const rows = await getDb().ledgerEntry.findMany({
    where: { resource: `dataset:${ref}`, action: CATALOG_COLUMN_CHANGED },
    orderBy: { seq: "desc" },
    take: MAX,
    select: { seq: true, occurredAt: true, actorId: true, recordId: true, purpose: true, payload: true },
  });
  const people = await findPeople(rows.map((r) => r.actorId));
  return rows.map((r) => {
    const p = parsePayload(r.payload);
    return {
      seq: r.seq,
      occurredAt: r.occurredAt,
      column: r.recordId ?? "",
      actorEmail: r.actorId ? (people.get(r.actorId)?.email ?? null) : null,
      old: side(p.old),
      new: side(p.new),
      reason: r.purpose,
    };
  });
}

function parsePayload(text: string | null): { old?: unknown; new?: unknown } {
  try {
    const v: unknown = text ? JSON.parse(text) : null;
    return v && typeof v === "object" ? (v as { old?: unknown; new?: unknown }) : {};
  } catch {
    return {};
  }
}

function side(v: unknown): { tier: string; maskRule: string } {
  const o = (v && typeof v === "object" ? v : {}) as { tier?: unknown; mask_rule?: unknown };
  return { tier: typeof o.tier === "string" ? o.tier : "?", maskRule: typeof o.mask_rule === "string" ? o.mask_rule : "?" };
}
