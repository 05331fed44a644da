// Puts a one-off job in the queue, usually inside the unit of work of the change that needs it, so the job
// exists exactly when the change does.
import type { Tx } from "@/lib/ledger/unit-of-work";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";

export interface EnqueueJob {
  kind: string;
  payload?: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** At most one job per key; enqueueing a key that exists does nothing. */
  dedupeKey?: string;
  /** Tries before the job is marked failed; the runner uses the higher of this and the kind's `maxAttempts`. */
  maxAttempts?: number;
}

export async function enqueueJob(job: EnqueueJob, tx?: Tx): Promise<void> {
  const db = tx ?? getDb();
  const data = {
    id: newId("job"),
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? {}),
    status: "queued",
    runAt: job.runAt ?? now(),
    maxAttempts: job.maxAttempts ?? 1,
    createdAt: now(),
  };
  if (job.dedupeKey) await db.job.upsert({ where: { dedupeKey: job.dedupeKey }, create: { ...data, dedupeKey: job.dedupeKey }, update: {} });
  else await db.job.create({ data });
}
