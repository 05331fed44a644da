// What the purge verbs share: the acting shape (a person, or the system for the schedule and the CLI), the unit of
// work that records a person's refusals, and the lock that serialises run starts and decisions on PostgreSQL.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { dbTarget } from "@/lib/db/client";
import { commitWithLedger, type Committed, type Tx, type UnitOfWork } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, RefusedInside, type RefusalContext } from "@/lib/scopes/record-refusal";

/** Who acts on purge runs: a console user, or null for the nightly schedule and the CLI (the system actor). */
export interface PurgeActing {
  actor: Actor | null;
  meta: RequestMeta;
}

export const purgeRefusalContext = (attempted: string, runId: string | null): RefusalContext => ({
  attempted,
  privacyTier: "none",
  resource: runId ? `purge:${runId}` : "purge",
  recordId: runId,
});

/** commitOrRefuse for a person; for the system actor a refusal is thrown as its AppError (no one to record it against). */
export async function commitPurge<T>(acting: PurgeActing, work: (uow: UnitOfWork) => Promise<T>): Promise<Committed<T>> {
  if (acting.actor) return commitOrRefuse({ actor: acting.actor, meta: acting.meta }, work);
  try {
    return await commitWithLedger(work);
  } catch (err) {
    if (err instanceof RefusedInside) throw err.refusal.error;
    throw err;
  }
}

// One key for "the purge runs table is being decided on": starts, approvals and cancellations take turns.
const PG_PURGE_LOCK = 0x70757267; // "purg"

/** On PostgreSQL, serialises purge run starts and decisions until commit; SQLite's write lock already does. */
export async function lockPurgeRuns(tx: Tx): Promise<void> {
  if (dbTarget().dialect === "postgresql") await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_PURGE_LOCK})::text AS locked`);
}

export const OPEN_STATUSES = ["queued", "running", "tripped"] as const;
