// One export as its requester, privacy admins and auditors (export.read_all) see it: the frozen plan, who decided,
// the build, and its history read from the ledger (record_id = the export id): request, decision, build, every
// download and every refused attempt. Anyone else gets "not found" (its existence is not theirs to learn).
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { readExport } from "./export-record";
import type { ExportRecord } from "./types";

export interface ExportHistoryEntry {
  seq: number;
  occurredAt: string;
  action: string;
  decision: string;
  actorRole: string;
  /** Shown to export.read_all viewers; the requester sees whether it was them. */
  actorEmail: string | null;
  byRequester: boolean;
}

export interface ExportDetails {
  export: ExportRecord;
  requester: { name: string; email: string };
  decidedBy: { name: string; email: string } | null;
  history: ExportHistoryEntry[];
}

export async function getExportDetails(viewer: Actor, id: string): Promise<ExportDetails> {
  const exp = await readExport(id).catch(() => null);
  const allowed = exp && (exp.requesterId === viewer.id || can(viewer, "export.read_all"));
  if (!exp || !allowed) throw new AppError("not_found", "No such export");
  const db = getDb();
  const [requester, decidedBy, entries] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: exp.requesterId }, select: { name: true, email: true } }),
    exp.decidedById ? db.user.findUnique({ where: { id: exp.decidedById }, select: { name: true, email: true } }) : null,
    db.ledgerEntry.findMany({
      // The chain only (seq >= 1), as the ledger page shows it.
      where: { recordId: exp.id, resource: `export:${exp.id}`, seq: { gte: 1 } },
      select: { seq: true, occurredAt: true, action: true, decision: true, actorRole: true, actorId: true },
      orderBy: { seq: "asc" },
      take: 500,
    }),
  ]);
  const readAll = can(viewer, "export.read_all");
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((x): x is string => x !== null))];
  const emails = new Map(
    readAll ? (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]) : [],
  );
  return {
    export: exp,
    requester,
    decidedBy,
    history: entries.map((e) => ({
      seq: e.seq,
      occurredAt: e.occurredAt,
      action: e.action,
      decision: e.decision,
      actorRole: e.actorRole,
      actorEmail: e.actorId ? (emails.get(e.actorId) ?? null) : null,
      byRequester: e.actorId === exp.requesterId,
    })),
  };
}
