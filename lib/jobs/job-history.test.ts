import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { enqueueJob } from "./enqueue-job";
import { findJobFailures } from "./find-job-failures";
import { getJobsOverview, listJobKindStatus } from "./list-job-status";
import { pruneJobHistory } from "./prune-job-history";
import { runDueJobs } from "./run-due-jobs";
import { countingKind } from "./test-helpers";

const T = new Date("2031-03-04T10:00:00.000Z");
const DAY = 24 * 60 * 60_000;
const at = (ms: number) => new Date(T.getTime() + ms);
const admin = { role: "privacy_admin" as const };

beforeEach(async () => {
  await getDb().job.deleteMany({});
  pinClock(T);
});
afterEach(() => pinClock(null));

async function finished(id: string, status: string, finishedAt: Date, lastError: string | null = null) {
  await getDb().job.create({
    data: { id, kind: "test.history", status, runAt: finishedAt, createdAt: finishedAt, startedAt: finishedAt, finishedAt, lastError },
  });
}

describe("pruneJobHistory", () => {
  it("drops succeeded runs after 7 days and failures after 30, and never touches queued or running jobs", async () => {
    await finished("job_succ8days", "succeeded", at(-8 * DAY));
    await finished("job_succ6days", "succeeded", at(-6 * DAY));
    await finished("job_fail31days", "failed", at(-31 * DAY), "x");
    await finished("job_fail29days", "failed", at(-29 * DAY), "x");
    await finished("job_queued90days", "queued", at(-90 * DAY));
    await finished("job_running90days", "running", at(-90 * DAY));
    expect(await pruneJobHistory(T)).toEqual({ succeeded: 1, failed: 1 });
    const left = await getDb().job.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    expect(left.map((j) => j.id)).toEqual(["job_fail29days", "job_queued90days", "job_running90days", "job_succ6days"]);
  });
});

describe("the Jobs panel's data", () => {
  it("is refused without jobs.read", async () => {
    await expect(getJobsOverview({ role: "analyst" }, [])).rejects.toMatchObject({ code: "forbidden" });
    await expect(getJobsOverview({ role: "auditor" }, [])).rejects.toBeInstanceOf(AppError);
    await expect(findJobFailures({ role: "analyst" }, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("shows each kind's last run, next run, queued one-offs, retries and failures", async () => {
    const recurring = countingKind({ everyMs: 60_000, title: "Every minute", work: async () => ({ expired: 2 }) });
    let n = 0;
    const oneOff = countingKind({
      maxAttempts: 2,
      work: async () => {
        if (++n <= 2) throw new Error(`webhook answered 50${n}`);
      },
    });
    const idle = countingKind({ title: "Never enqueued" });
    await enqueueJob({ kind: oneOff.kind }); // fails, retried later
    await enqueueJob({ kind: oneOff.kind, runAt: at(DAY) }); // queued for tomorrow
    await runDueJobs({ kinds: [recurring, oneOff, idle] });

    const rows = await getJobsOverview(admin, [recurring, oneOff, idle]);
    const byKind = new Map(rows.map((r) => [r.kind, r]));
    expect(byKind.get(recurring.kind)).toMatchObject({
      title: "Every minute",
      everyMs: 60_000,
      known: true,
      lastRun: { outcome: "succeeded", at: T.toISOString(), durationMs: 0, summary: '{"expired":2}', error: null },
      running: null,
      nextRunAt: at(60_000).toISOString(),
      queued: 0,
      retrying: 0,
      failed: 0,
    });
    expect(byKind.get(oneOff.kind)).toMatchObject({
      everyMs: null,
      lastRun: { outcome: "retrying", error: "webhook answered 501" },
      nextRunAt: at(30_000).toISOString(),
      queued: 2,
      retrying: 1,
      failed: 0,
    });
    expect(byKind.get(idle.kind)).toMatchObject({ lastRun: null, nextRunAt: null, queued: 0, failed: 0 });

    pinClock(at(30_000));
    await runDueJobs({ kinds: [recurring, oneOff, idle] });
    expect((await listJobKindStatus([oneOff])).find((r) => r.kind === oneOff.kind)).toMatchObject({
      lastRun: { outcome: "failed", error: "webhook answered 502" },
      queued: 1,
      retrying: 0,
      failed: 1,
    });
  });

  it("lists kinds found in the database that this deployment does not run", async () => {
    await enqueueJob({ kind: "retired.kind" });
    const rows = await listJobKindStatus([]);
    expect(rows).toMatchObject([{ kind: "retired.kind", known: false, queued: 1 }]);
  });

  it("pages failed tries newest first with what became of each job", async () => {
    for (let i = 0; i < 5; i++) await finished(`job_fail${i}`, "failed", at(-i * 1000), `error ${i}`);
    await finished("job_okay", "succeeded", at(-500));
    await finished("job_otherkind", "failed", at(-100), "other");
    await getDb().job.update({ where: { id: "job_otherkind" }, data: { kind: "test.other" } });

    const first = await findJobFailures(admin, { limit: 3 });
    expect(first.total).toBe(6);
    expect(first.rows.map((r) => r.jobId)).toEqual(["job_fail0", "job_otherkind", "job_fail1"]);
    expect(first.rows[0]).toMatchObject({ status: "failed", error: "error 0", attempt: 0, at: T.toISOString() });
    const second = await findJobFailures(admin, { limit: 3, cursor: first.nextCursor! });
    expect(second.rows.map((r) => r.jobId)).toEqual(["job_fail2", "job_fail3", "job_fail4"]);
    expect(second.nextCursor).toBeNull();

    const filtered = await findJobFailures(admin, { kind: "test.other" });
    expect(filtered).toMatchObject({ total: 1, rows: [{ jobId: "job_otherkind" }] });
  });

  it("refuses a cursor or kind it did not make, naming the field", async () => {
    await expect(findJobFailures(admin, { cursor: "'; DROP TABLE jobs" })).rejects.toMatchObject({ code: "validation_failed", field: "cursor" });
    await expect(findJobFailures(admin, { kind: "<script>" })).rejects.toMatchObject({ code: "validation_failed", field: "kind" });
  });
});
