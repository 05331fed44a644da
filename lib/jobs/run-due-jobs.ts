// One pass of the job runner: schedule what recurs, then claim and run due jobs until none is left
// (docs/decisions/012). The in-process runner (job-runner.ts) calls this every poll; `warden jobs run --once`
// calls it once. It takes the kinds as a parameter: lib/job-kinds' list is the deployment's, tests bring their own.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { now } from "@/lib/core/clock";
import { getDb, type Db } from "@/lib/db/client";
import { claimNextJob } from "./claim-job";
import type { JobKind } from "./job-kind";
import { ensureRecurringRuns, isRecurring, queueNextRun } from "./schedule-recurring";

export interface RunJobsOptions {
  /** The kinds this runner runs; jobs of other kinds stay queued for a runner that knows them. */
  kinds: readonly JobKind[];
  /** Default: the console database (getDb). Tests pass a second connection to race two runners. */
  db?: Db;
  /** Written to locked_by; default host/pid/random. */
  runnerId?: string;
  /** How long a claim holds before another runner may take the job over; renewed while the job runs. Default 2 min. */
  leaseMs?: number;
  /** Jobs run at once by this runner. Default 1. */
  concurrency?: number;
  /** Called as each job ends. */
  onJob?: (outcome: JobOutcome) => void;
  /** Checked before each claim: a stopping runner finishes what it runs and claims nothing more. */
  shouldStop?: () => boolean;
}

export interface JobOutcome {
  jobId: string;
  kind: string;
  attempt: number;
  maxAttempts: number;
  /**
   * succeeded; retrying (failed, tried again at nextRunAt); failed (no tries left); lost (this runner's lease ran
   * out and another runner took the job over, so this result was not recorded).
   */
  outcome: "succeeded" | "retrying" | "failed" | "lost";
  durationMs: number;
  summary?: Record<string, unknown>;
  error?: string;
  /** A retry's time, or a recurring kind's next run. */
  nextRunAt?: Date;
}

export const DEFAULT_LEASE_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const DEFAULT_BACKOFF_MS = 30_000;

export function newRunnerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString("hex")}`;
}

/** Runs every job that is due now, and those that fall due while it runs; returns what happened to each. */
export async function runDueJobs(opts: RunJobsOptions): Promise<JobOutcome[]> {
  const db = opts.db ?? getDb();
  const byName = kindsByName(opts.kinds);
  const runnerId = opts.runnerId ?? newRunnerId();
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const outcomes: JobOutcome[] = [];
  await ensureRecurringRuns(db, opts.kinds, now());

  const worker = async () => {
    while (!opts.shouldStop?.()) {
      const id = await claimNextJob(db, { runnerId, kinds: [...byName.keys()], now: now(), leaseMs });
      if (!id) return;
      const outcome = await runClaimed(db, id, byName, runnerId, leaseMs);
      if (!outcome) continue;
      outcomes.push(outcome);
      opts.onJob?.(outcome);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  return outcomes;
}

function kindsByName(kinds: readonly JobKind[]): Map<string, JobKind> {
  const map = new Map<string, JobKind>();
  for (const k of kinds) {
    if (map.has(k.kind)) throw new Error(`Job kind ${k.kind} is listed twice`);
    map.set(k.kind, k);
  }
  return map;
}

async function runClaimed(db: Db, id: string, kinds: Map<string, JobKind>, runnerId: string, leaseMs: number): Promise<JobOutcome | null> {
  const job = await db.job.findUnique({ where: { id } });
  if (!job) return null; // deleted between the claim and this read (history pruning never touches running jobs)
  const kind = kinds.get(job.kind)!;
  const maxAttempts = isRecurring(kind) ? 1 : Math.max(job.maxAttempts, kind.maxAttempts ?? 1);
  const startedAt = job.startedAt ?? now();
  // Durations are wall-clock: the business clock may be moved by tests while a job runs.
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const base = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts };

  // A reclaim after the last try's runner died: nothing is left to try.
  if (job.attempts > maxAttempts) {
    return finish(db, kind, job, runnerId, { ...base, outcome: "failed", durationMs: 0, error: job.lastError ?? "No tries left" });
  }

  // While the work runs, the lease is renewed, so only a runner that stopped loses its job.
  const heartbeat = setInterval(
    () => {
      db.job
        .updateMany({ where: { id: job.id, lockedBy: runnerId, status: "running" }, data: { leaseUntil: new Date(now().getTime() + leaseMs) } })
        .catch((err: unknown) => console.warn(`[warden] jobs: could not renew the lease of ${job.id} (${oneLine(errorText(err))}); will try again`));
    },
    Math.max(1_000, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();
  try {
    const payload = parsePayload(job.payload);
    const summary = (await kind.run({ jobId: job.id, attempt: job.attempts, payload, now: startedAt })) ?? undefined;
    return await finish(db, kind, job, runnerId, { ...base, outcome: "succeeded", durationMs: elapsed(), summary });
  } catch (err) {
    const error = errorText(err);
    if (!isRecurring(kind) && job.attempts < maxAttempts) {
      const backoff = Math.min((kind.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (job.attempts - 1), MAX_BACKOFF_MS);
      return finish(db, kind, job, runnerId, {
        ...base,
        outcome: "retrying",
        durationMs: elapsed(),
        error,
        nextRunAt: new Date(now().getTime() + backoff),
      });
    }
    return finish(db, kind, job, runnerId, { ...base, outcome: "failed", durationMs: elapsed(), error });
  } finally {
    clearInterval(heartbeat);
  }
}

type ClaimedRow = { id: string; runAt: Date };

/** Records the try, only if this runner still holds the job, and queues a recurring kind's next run with it. */
async function finish(db: Db, kind: JobKind, job: ClaimedRow, runnerId: string, outcome: JobOutcome): Promise<JobOutcome> {
  const finishedAt = now();
  const status = outcome.outcome === "succeeded" ? "succeeded" : outcome.outcome === "retrying" ? "queued" : "failed";
  const where = { id: job.id, lockedBy: runnerId, status: "running" };
  const data = {
    status,
    finishedAt,
    leaseUntil: null,
    // The tries the kind allows, so the history reads "try 2 of 5" whoever enqueued the job.
    maxAttempts: outcome.maxAttempts,
    ...(outcome.summary !== undefined ? { result: capJson(outcome.summary) } : {}),
    ...(outcome.error !== undefined ? { lastError: outcome.error.slice(0, 2_000) } : {}),
    ...(outcome.outcome === "retrying" ? { runAt: outcome.nextRunAt } : {}),
  };
  // A one-off job's end is one statement; a recurring kind's next run is queued in the same transaction.
  const recorded = isRecurring(kind)
    ? await db.$transaction(async (tx) => {
        if ((await tx.job.updateMany({ where, data })).count === 0) return false;
        outcome.nextRunAt = await queueNextRun(tx, kind, job.runAt, finishedAt);
        return true;
      })
    : (await db.job.updateMany({ where, data })).count === 1;
  if (!recorded) {
    console.warn(`[warden] jobs: ${job.id} (${kind.kind}) finished after its lease ran out; another runner has it, so this result was dropped`);
    return { ...outcome, outcome: "lost", nextRunAt: undefined };
  }
  return outcome;
}

function parsePayload(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("The job's payload is not a JSON object");
  return value as Record<string, unknown>;
}

// A summary is for the Jobs panel: a few counts and ids, not a report.
function capJson(summary: Record<string, unknown>): string {
  const text = JSON.stringify(summary);
  return text.length <= 2_000 ? text : JSON.stringify({ note: "summary too long to keep", length: text.length });
}

/** What a failed try leaves as the job's last error: the message, never a stack. */
export function errorText(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).trim();
  return text || (err instanceof Error ? err.name : "Error");
}

/** An error for a log line or a terminal: one line (Prisma's messages span several), at most 300 characters. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 300 ? line : `${line.slice(0, 299)}…`;
}
