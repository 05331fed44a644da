// A governance change and its ledger entries commit together or not at all (docs/decisions/011): the domain writes
// and the append run in ONE database transaction on the Prisma connection. SQLite's BEGIN IMMEDIATE already makes
// this the only writer; on PostgreSQL the ledger's advisory lock is taken inside the transaction, so the chain
// head read here cannot move before the commit. If the work, the append or the commit fails, nothing is written.
import type { Prisma } from "@db-client";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import type { PrivacyTier } from "@/lib/core/tiers";
import { dbTarget, getDb } from "@/lib/db/client";
import { sealEntry, ZLedgerDraft, type LedgerDraft, type LedgerEntry, type ParsedDraft } from "./entry";
import { LEDGER_COLUMNS, toRow } from "./row";
import { COLS, PG_LEDGER_LOCK } from "./store";

export type Tx = Prisma.TransactionClient;

export interface UnitOfWork {
  /** The transaction: every domain write of the change goes through it. */
  tx: Tx;
  /** Queues a ledger entry; all queued entries are appended, contiguously, just before the commit. */
  record(draft: LedgerDraft): void;
}

export interface Committed<T> {
  result: T;
  entries: LedgerEntry[];
}

/** Runs `work` and appends what it recorded in the same transaction. Domain errors (AppError) pass through. */
export async function commitWithLedger<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<Committed<T>> {
  const dialect = dbTarget().dialect;
  let appending = false;
  try {
    return await getDb().$transaction(async (tx) => {
      const drafts: ParsedDraft[] = [];
      const result = await work({ tx, record: (d) => void drafts.push(ZLedgerDraft.parse(d)) });
      appending = true;
      const entries = drafts.length > 0 ? await appendWithin(tx, dialect, drafts) : [];
      return { result, entries };
    });
  } catch (err) {
    if (err instanceof AppError || !appending) throw err;
    console.error("[warden] ledger append inside a governance change failed", err);
    throw new AppError(
      "unavailable",
      "The access ledger could not record this change, so nothing was changed. Try again in a moment; if it persists, tell the platform team.",
      { cause: err },
    );
  }
}

const INSERT_SQLITE = `INSERT INTO ledger_entries (${COLS}) VALUES (${LEDGER_COLUMNS.map(() => "?").join(", ")})`;
const INSERT_PG = `INSERT INTO ledger_entries (${COLS}) VALUES (${LEDGER_COLUMNS.map((_, i) => "$" + (i + 1)).join(", ")})`;
// seq >= 1 only, as in the store: a row forged below the chain must never become a real entry's predecessor.
const HEAD = "SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1";

async function appendWithin(tx: Tx, dialect: "sqlite" | "postgresql", drafts: ParsedDraft[]): Promise<LedgerEntry[]> {
  if (dialect === "postgresql") await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_LEDGER_LOCK})::text AS locked`);
  const rows = await tx.$queryRawUnsafe<Array<{ seq: number | bigint; entry_hash: string }>>(HEAD);
  let head = rows[0] ? { seq: Number(rows[0].seq), entryHash: rows[0].entry_hash } : null;
  const out: LedgerEntry[] = [];
  for (const d of drafts) {
    const entry = sealEntry(d, head);
    const row = toRow(entry);
    await tx.$executeRawUnsafe(dialect === "postgresql" ? INSERT_PG : INSERT_SQLITE, ...LEDGER_COLUMNS.map((c) => row[c]));
    out.push(entry);
    head = entry;
  }
  return out;
}

/** The common fields of a governance entry: who did it, from where, about what. Decision "allow" (it happened). */
export function governanceEntry(
  actor: Pick<Actor, "id" | "role"> | null,
  meta: RequestMeta,
  fields: {
    action: string;
    privacyTier: PrivacyTier;
    resource: string;
    recordId?: string | null;
    purpose?: string;
    decision?: "allow" | "deny";
    payload?: Record<string, unknown>;
  },
): LedgerDraft {
  return {
    actorId: actor?.id ?? null,
    actorRole: actor?.role ?? "system",
    action: fields.action,
    privacyTier: fields.privacyTier,
    resource: fields.resource,
    recordId: fields.recordId ?? null,
    purpose: fields.purpose ?? "",
    decision: fields.decision ?? "allow",
    requestId: meta.requestId,
    ipHash: meta.ipHash,
    uaHash: meta.uaHash,
    payload: fields.payload ?? null,
  };
}
