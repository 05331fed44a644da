// What the request/approval verbs share (docs/decisions/013): refusals decided inside a unit of work and recorded
// after its rollback, the row lock that serialises deciders, and the words a person reads about durations.
import { Prisma } from "@db-client";
import type { ZodError } from "zod";
import type { Acting } from "@/lib/core/actor";
import { AppError, type ErrorCode } from "@/lib/core/errors";
import type { PrivacyTier } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import { commitWithLedger, type Tx, type UnitOfWork } from "@/lib/ledger/unit-of-work";
import { refuse, type Refusal } from "./record-refusal";

/**
 * A refusal found inside a unit of work. The transaction must roll back first (on SQLite it holds the only write
 * lock, which the refusal's own ledger append would wait for), so it is thrown as this, and `commitOrRefuse`
 * records it and throws the AppError once nothing is held.
 */
class RefusedInside extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.error.message);
    this.name = "RefusedInside";
  }
}

export interface RefusalContext {
  attempted: string;
  privacyTier: PrivacyTier;
  resource: string;
  recordId?: string | null;
  payload?: Record<string, unknown>;
}

/** A refusal for `throw`: inside `commitOrRefuse`'s work, or before it (both end up recorded, then thrown). */
export function refusal(ctx: RefusalContext, code: ErrorCode, message: string, field?: string): RefusedInside {
  return new RefusedInside({ ...ctx, error: new AppError(code, message, { field }) });
}

/** A zod failure of one field as a refusal naming that field, with the schema's own message. */
export function invalidField(ctx: RefusalContext, field: string, err: ZodError): RefusedInside {
  return refusal(ctx, "validation_failed", err.issues[0]?.message ?? "Invalid value", field);
}

/** Runs the work in one unit of work; a refusal thrown from it is recorded in the ledger (deny) and thrown. */
export async function commitOrRefuse<T>(who: Acting, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  try {
    return (await commitWithLedger(work)).result;
  } catch (err) {
    if (err instanceof RefusedInside) throw await refuse(who, err.refusal);
    throw err;
  }
}

/** Same, for checks made before any unit of work starts. */
export async function recordIfRefused(who: Acting, err: unknown): Promise<never> {
  if (err instanceof RefusedInside) throw await refuse(who, err.refusal);
  throw err;
}

type LockedTable = "access_requests" | "users";

/**
 * Locks one row until the transaction ends, so concurrent deciders take turns and each re-reads the state the
 * previous one committed. PostgreSQL: SELECT … FOR UPDATE. SQLite: the unit of work began with BEGIN IMMEDIATE, so
 * the whole database is already this transaction's alone.
 */
export async function lockRow(tx: Tx, table: LockedTable, id: string): Promise<void> {
  if (dbTarget().dialect !== "postgresql") return;
  // The table name is one of two literals (never input); the id is a bound parameter.
  await tx.$queryRaw(Prisma.sql`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id} FOR UPDATE`);
}

/** The dataset refs stored on a request or grant: sorted, or null for every dataset. */
export function datasetsJson(refs: readonly string[] | null): string | null {
  return refs && refs.length > 0 ? JSON.stringify([...refs].sort()) : null;
}

/** "2026-12-01 10:00 UTC": an instant in a message (lib cannot use the UI's formatter). */
export function utcText(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
