// Recurring kinds: each has exactly one queued next run (docs/decisions/012). The run that finishes schedules its
// successor in the same transaction; this module also covers the cases where no successor exists (first start, a
// kind just added, a run whose runner died and used its last try) and where the next run is further away than one
// interval (the clock went back, or the interval shrank), which is pulled in to now.
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { dbTarget } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { Tx } from "@/lib/ledger/unit-of-work";
import type { JobKind } from "./job-kind";

type RecurringKind = JobKind & { everyMs: number };

export const isRecurring = (k: JobKind): k is RecurringKind => typeof k.everyMs === "number" && k.everyMs > 0;

/**
 * The first slot on the kind's grid (prevRunAt + k × everyMs) strictly after `now`: after downtime the kind runs once,
 * now, and then keeps its cadence, instead of running once for every slot it missed.
 */
export function nextSlot(prevRunAt: Date, everyMs: number, now: Date): Date {
  const k = Math.max(1, Math.floor((now.getTime() - prevRunAt.getTime()) / everyMs) + 1);
  return new Date(prevRunAt.getTime() + k * everyMs);
}

export const recurringKey = (kind: string, runAt: Date) => `every:${kind}:${runAt.toISOString()}`;

/** Queues the run after `prevRunAt` (inside the transaction that finishes the previous run). */
export async function queueNextRun(tx: Tx, kind: RecurringKind, prevRunAt: Date, now: Date): Promise<Date> {
  const runAt = nextSlot(prevRunAt, kind.everyMs, now);
  await insertRun(tx, kind.kind, runAt, now);
  return runAt;
}

/** Makes sure every recurring kind has its one queued (or running) run; cheap when they all do. */
export async function ensureRecurringRuns(db: Db, kinds: readonly JobKind[], now: Date): Promise<void> {
  const recurring = kinds.filter(isRecurring);
  if (recurring.length === 0) return;
  const open = await db.job.findMany({
    where: { kind: { in: recurring.map((k) => k.kind) }, status: { in: ["queued", "running"] } },
    select: { kind: true, runAt: true },
  });
  for (const k of recurring) {
    const mine = open.filter((j) => j.kind === k.kind);
    if (mine.length > 0 && !mine.some((j) => tooFar(j.runAt, k, now))) continue;
    await db.$transaction(async (tx) => {
      // Two runners starting together: on PostgreSQL a lock per kind orders them; SQLite's write lock already does.
      if (dbTarget().dialect === "postgresql")
        await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_JOBS_LOCK}, ${kindLockKey(k.kind)})::text AS locked`);
      const current = await tx.job.findMany({
        where: { kind: k.kind, status: { in: ["queued", "running"] } },
        select: { id: true, status: true, runAt: true },
      });
      if (current.length === 0) return void (await insertRun(tx, k.kind, now, now));
      for (const j of current) {
        if (j.status === "queued" && tooFar(j.runAt, k, now)) {
          await tx.job.updateMany({ where: { id: j.id, status: "queued" }, data: { runAt: now, dedupeKey: recurringKey(k.kind, now) } });
        }
      }
    });
  }
}

const tooFar = (runAt: Date, k: RecurringKind, now: Date) => runAt.getTime() > now.getTime() + k.everyMs;

async function insertRun(tx: Tx, kind: string, runAt: Date, now: Date): Promise<void> {
  const dedupeKey = recurringKey(kind, runAt);
  await tx.job.upsert({
    where: { dedupeKey },
    create: { id: newId("job"), kind, dedupeKey, status: "queued", runAt, maxAttempts: 1, createdAt: now },
    update: {},
  });
}

// Two-key advisory locks: a key space apart from the one-key locks of the ledger and the migration runner.
const PG_JOBS_LOCK = 0x6a6f6273; // "jobs"
const kindLockKey = (kind: string) => createHash("sha256").update(kind).digest().readInt32BE(0);
