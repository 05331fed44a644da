// The purge lease (decision 031): holds live in the console database and records in the warehouse, so no single
// transaction spans "read the holds" and "delete the rows". Instead a purge batch holds the one lease row
// (purge_lease, id 1) from before it reads the holds until after its delete committed, and a hold's activation takes
// the same row inside its own transaction and refuses while a batch holds it. Each side claims the row with one
// conditional UPDATE: on PostgreSQL that takes the row lock until commit, on SQLite the write lock, so the two
// serialise on both dialects. A crashed batch's lease lapses after WARDEN_PURGE_LEASE_SECONDS, or its run resumes
// and takes it again.
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";

export class PurgeBatchInFlightError extends AppError {
  constructor() {
    super("conflict", "A purge batch is deleting right now; the hold was not activated. Try again in a few seconds.");
  }
}

/**
 * Inside a hold activation's transaction, before it marks the hold active: claims the lease row for this transaction
 * (it stays locked until commit), or throws PurgeBatchInFlightError while a batch holds the lease. A batch that starts
 * after this commits reads the newly active hold.
 */
export async function fenceHoldActivation(tx: Tx): Promise<void> {
  const at = now();
  // Claiming the row also clears a waiting mark (its own or another's): the run may go on once this commits.
  const claimed = await tx.$executeRaw`UPDATE "purge_lease" SET "activation_waiting_until" = NULL
    WHERE "id" = 1 AND ("run_id" IS NULL OR "lease_until" IS NULL OR "lease_until" < ${at})`;
  if (claimed !== 1) throw new PurgeBatchInFlightError();
}

/** How long one waiting mark holds new batches back; an activation renews it each time it finds a batch in flight. */
export const ACTIVATION_WAIT_MARK_MS = 2_000;

/**
 * An activation refused by a batch in flight marks that it waits (committed at once, its own statement): the run
 * takes no further lease until the activation has gone in (fenceHoldActivation clears the mark) or the mark lapses.
 * Without it an activation could only slip in during the few milliseconds between two batches.
 */
export async function markActivationWaiting(): Promise<void> {
  const until = new Date(now().getTime() + ACTIVATION_WAIT_MARK_MS);
  await getDb().$executeRaw`UPDATE "purge_lease" SET "activation_waiting_until" = ${until} WHERE "id" = 1`;
}

/**
 * Takes the lease for `runId`'s batch `batchSeq` (a run may take it again after a crash); false while another run's
 * batch holds it. Commit before reading the holds: from then on no activation can commit until the lease is released.
 */
export async function acquirePurgeLease(tx: Tx, runId: string, batchSeq: number): Promise<boolean> {
  const at = now();
  const until = new Date(at.getTime() + env().purgeLeaseMs);
  // A free (or lapsed) lease is not taken while a hold activation waits for it; a lease this run still holds (a crashed
  // batch being finished) is, since the activation could not go in before it is released anyway.
  const claimed = await tx.$executeRaw`UPDATE "purge_lease" SET "run_id" = ${runId}, "batch_seq" = ${batchSeq}, "lease_until" = ${until}
    WHERE "id" = 1 AND ("run_id" = ${runId} OR (("run_id" IS NULL OR "lease_until" IS NULL OR "lease_until" < ${at})
      AND ("activation_waiting_until" IS NULL OR "activation_waiting_until" < ${at})))`;
  return claimed === 1;
}

/** Gives the lease back (a no-op when `runId` no longer holds it). */
export async function releasePurgeLease(tx: Tx, runId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "purge_lease" SET "run_id" = NULL, "batch_seq" = NULL, "lease_until" = NULL
    WHERE "id" = 1 AND "run_id" = ${runId}`;
}
