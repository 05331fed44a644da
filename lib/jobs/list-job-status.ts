// Where each kind of job stands: its last run (when, outcome, duration, summary), its next run, what is queued and
// what failed. The Jobs panel (/jobs, jobs.read) and `warden jobs status` show it.
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import type { JobKind } from "./job-kind";
import { isRecurring } from "./schedule-recurring";

export interface JobKindStatus {
  kind: string;
  title: string;
  /** Recurring kinds' interval; null for one-off kinds. */
  everyMs: number | null;
  /** False for jobs in the database whose kind this deployment does not run (nothing will run them). */
  known: boolean;
  lastRun: LastRun | null;
  /** A try in progress. */
  running: { since: string; runner: string | null } | null;
  /** The earliest queued job's time (a recurring kind's next run, or the next one-off or retry). */
  nextRunAt: string | null;
  /** Queued one-off jobs (a recurring kind's own next run is not counted). */
  queued: number;
  /** Queued jobs waiting to be tried again after a failed try. */
  retrying: number;
  /** Jobs that used up their tries, over the 30 days failures are kept. */
  failed: number;
}

export interface LastRun {
  jobId: string;
  /** When the try ended (UTC ISO). */
  at: string;
  outcome: "succeeded" | "failed" | "retrying";
  durationMs: number | null;
  /** The run's JSON summary. */
  summary: string | null;
  error: string | null;
}

/** The Jobs panel's data, for a viewer who holds jobs.read. */
export async function getJobsOverview(viewer: { role: Role }, kinds: readonly JobKind[]): Promise<JobKindStatus[]> {
  if (!can(viewer, "jobs.read")) throw new AppError("forbidden", "The Jobs panel needs the jobs.read permission");
  return listJobKindStatus(kinds);
}

/** Every listed kind, plus any kind found in the database that is not listed. For the CLI and the panel. */
export async function listJobKindStatus(kinds: readonly JobKind[]): Promise<JobKindStatus[]> {
  const db = getDb();
  const notRecurringRun = { OR: [{ dedupeKey: null }, { NOT: { dedupeKey: { startsWith: "every:" } } }] };
  const [byStatus, oneOffs, retries] = await Promise.all([
    db.job.groupBy({ by: ["kind", "status"], _count: { _all: true }, _min: { runAt: true, startedAt: true } }),
    db.job.groupBy({ by: ["kind"], where: { status: "queued", ...notRecurringRun }, _count: { _all: true } }),
    db.job.groupBy({ by: ["kind"], where: { status: "queued", lastError: { not: null } }, _count: { _all: true } }),
  ]);
  const listed = new Map(kinds.map((k) => [k.kind, k]));
  const names = [...new Set([...listed.keys(), ...byStatus.map((g) => g.kind)])];
  const [lastRuns, runners] = await Promise.all([
    Promise.all(names.map((kind) => lastRunOf(kind))),
    Promise.all(
      names.map((kind) =>
        db.job.findFirst({ where: { kind, status: "running" }, orderBy: { startedAt: "asc" }, select: { startedAt: true, lockedBy: true } }),
      ),
    ),
  ]);
  return names.map((name, i) => {
    const k = listed.get(name);
    const group = (status: string) => byStatus.find((g) => g.kind === name && g.status === status);
    const running = runners[i];
    return {
      kind: name,
      title: k?.title ?? "Not a kind this deployment runs",
      everyMs: k && isRecurring(k) ? k.everyMs : null,
      known: !!k,
      lastRun: lastRuns[i],
      running: running ? { since: (running.startedAt ?? new Date(0)).toISOString(), runner: running.lockedBy } : null,
      nextRunAt: group("queued")?._min.runAt?.toISOString() ?? null,
      queued: oneOffs.find((g) => g.kind === name)?._count._all ?? 0,
      retrying: retries.find((g) => g.kind === name)?._count._all ?? 0,
      failed: group("failed")?._count._all ?? 0,
    };
  });
}

async function lastRunOf(kind: string): Promise<LastRun | null> {
  const job = await getDb().job.findFirst({
    where: { kind, status: { in: ["succeeded", "failed", "queued"] }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    select: { id: true, status: true, startedAt: true, finishedAt: true, result: true, lastError: true },
  });
  if (!job?.finishedAt) return null;
  const outcome = job.status === "queued" ? "retrying" : (job.status as "succeeded" | "failed");
  return {
    jobId: job.id,
    at: job.finishedAt.toISOString(),
    outcome,
    durationMs: job.startedAt ? Math.max(0, job.finishedAt.getTime() - job.startedAt.getTime()) : null,
    summary: outcome === "succeeded" ? job.result : null,
    error: outcome === "succeeded" ? null : job.lastError,
  };
}

export const JOB_STATUS_SORTS = ["kind", "lastRun", "nextRun", "failed"] as const;
export type JobStatusSort = (typeof JOB_STATUS_SORTS)[number];

/** Orders the panel's rows; kinds with nothing to show for the key go last either way. */
export function sortJobKindStatus(rows: JobKindStatus[], by: JobStatusSort, desc: boolean): JobKindStatus[] {
  const key = (r: JobKindStatus): string | number | null => {
    if (by === "kind") return r.kind;
    if (by === "failed") return r.failed;
    if (by === "lastRun") return r.running?.since ?? r.lastRun?.at ?? null;
    return r.nextRunAt;
  };
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return a.kind.localeCompare(b.kind);
    if (x === null) return 1;
    if (y === null) return -1;
    const order = x < y ? -1 : 1;
    return desc ? -order : order;
  });
}
