// The ledger as auditors read it: newest first, keyset-paginated by seq, with the actor's email beside each entry.
// Only the chain (seq >= 1) is shown: what `ledger verify` walks is what an auditor sees, so a row forged below
// seq 1 cannot pass for an entry.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { parseStringList } from "./row";

export const ZLedgerQuery = z.object({
  /** Show entries with seq < before (the cursor). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TLedgerQuery = z.input<typeof ZLedgerQuery>;

export interface LedgerListRow {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string;
  action: string;
  privacyTier: string;
  resource: string;
  recordId: string | null;
  purpose: string;
  decision: string;
  columnsShown: string[];
  columnsMasked: string[];
  columnsDenied: string[];
  rowCount: number;
  requestId: string;
  entryHash: string;
}

export interface LedgerPage {
  rows: LedgerListRow[];
  nextCursor: string | null;
  /** The chain is contiguous from seq 1, so the head seq is the total without a COUNT over millions of rows. */
  total: number;
}

export async function findLedgerEntries(actor: { role: Role }, query: TLedgerQuery): Promise<LedgerPage> {
  if (!can(actor, "ledger.read")) throw new AppError("forbidden", "Reading the access ledger needs the ledger.read permission");
  const q = ZLedgerQuery.parse(query);
  const db = getDb();
  const inChain = { gte: 1 };
  const [entries, head] = await Promise.all([
    db.ledgerEntry.findMany({
      where: { seq: q.before ? { ...inChain, lt: q.before } : inChain },
      orderBy: { seq: "desc" },
      take: q.limit + 1,
      select: {
        seq: true,
        occurredAt: true,
        actorId: true,
        actorRole: true,
        action: true,
        privacyTier: true,
        resource: true,
        recordId: true,
        purpose: true,
        decision: true,
        columnsShown: true,
        columnsMasked: true,
        columnsDenied: true,
        rowCount: true,
        requestId: true,
        entryHash: true,
      },
    }),
    db.ledgerEntry.findFirst({ where: { seq: inChain }, orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  const page = entries.slice(0, q.limit);
  const actorIds = [...new Set(page.map((e) => e.actorId).filter((id): id is string => !!id))];
  const users = actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } }) : [];
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return {
    rows: page.map((e) => ({
      ...e,
      actorEmail: e.actorId ? (emails.get(e.actorId) ?? null) : null,
      columnsShown: parseStringList(e.columnsShown),
      columnsMasked: parseStringList(e.columnsMasked),
      columnsDenied: parseStringList(e.columnsDenied),
    })),
    nextCursor: entries.length > q.limit ? String(page[page.length - 1].seq) : null,
    total: head?.seq ?? 0,
  };
}
