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
  const claimed = await tx.$executeRaw`UPDATE "purge_lease" SET "id" = 1
    WHERE "id" = 1 AND ("run_id" IS NULL OR "lease_until" IS NULL OR "lease_until" < ${at})`;
  if (claimed !== 1) throw new PurgeBatchInFlightError();
}

/**
 * Takes the lease for `runId`'s batch `batchSeq` (a run may take it again after a crash); false while another run's
 * batch holds it. Commit before reading the holds: from then on no activation can commit until the lease is released.
 */
export async function acquirePurgeLease(tx: Tx, runId: string, batchSeq: number): Promise<boolean> {
  const at = now();
  const until = new Date(at.getTime() + env().purgeLeaseMs);
  const claimed = await tx.$executeRaw`UPDATE "purge_lease" SET "run_id" = ${runId}, "batch_seq" = ${batchSeq}, "lease_until" = ${until}
    WHERE "id" = 1 AND ("run_id" IS NULL OR "run_id" = ${runId} OR "lease_until" IS NULL OR "lease_until" < ${at})`;
  return claimed === 1;
}

/** Gives the lease back (a no-op when `runId` no longer holds it). */
export async function releasePurgeLease(tx: Tx, runId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "purge_lease" SET "run_id" = NULL, "batch_seq" = NULL, "lease_until" = NULL
    WHERE "id" = 1 AND "run_id" = ${runId}`;
}
