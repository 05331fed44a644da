import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { dbTarget, getDb } from "@/lib/db/client";
import { enqueueJob } from "./enqueue-job";
import { describeOutcome, startJobRunner, type JobRunner } from "./job-runner";
import { countingKind, deferred, jobRow } from "./test-helpers";

const T = new Date("2031-03-04T10:00:00.000Z");
let runner: JobRunner | null = null;

beforeEach(async () => {
  await getDb().job.deleteMany({});
  pinClock(T);
});
afterEach(async () => {
  await runner?.stop();
  runner = null;
  pinClock(null);
});

function quietLog() {
  return { log: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

/** Another connection (as another process would) holding the lock on the jobs table until released. */
async function holdJobsLock(): Promise<{ release: () => Promise<void> }> {
  const t = dbTarget();
  if (t.dialect === "sqlite") {
    const other = new Database(t.path);
    other.exec("BEGIN IMMEDIATE");
    return {
      release: async () => {
        other.exec("ROLLBACK");
        other.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  await client.query("BEGIN");
  await client.query("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");
  return {
    release: async () => {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}

describe("the in-process runner", () => {
  it("runs a job that is already due at once on start, without waiting for a poll", async () => {
    const ran = deferred<string>();
    const kind = countingKind({ work: async (ctx) => ran.resolve(ctx.jobId) });
    await enqueueJob({ kind: kind.kind, runAt: new Date(T.getTime() - 3_600_000) });
    // A poll interval far beyond the test's timeout: only the pass at start can run it.
    runner = startJobRunner({ kinds: [kind], pollMs: 600_000, log: quietLog() });
    const id = await ran.promise;
    await runner.stop();
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("polls: a job enqueued after start runs at a later pass", async () => {
    const ran = deferred<string>();
    const kind = countingKind({ work: async (ctx) => ran.resolve(ctx.jobId) });
    runner = startJobRunner({ kinds: [kind], pollMs: 100, log: quietLog() });
    await enqueueJob({ kind: kind.kind });
    const id = await ran.promise;
    expect(kind.runs.get(id)).toBe(1);
  });

  it("survives a failing job and logs it; stop() lets the job in hand finish and claims nothing more", async () => {
    const log = quietLog();
    const release = deferred();
    const started = deferred();
    const kind = countingKind({
      work: async (ctx) => {
        if (ctx.payload.n === 1) throw new Error("first job fails");
        if (ctx.payload.n === 2) {
          started.resolve();
          await release.promise;
        }
      },
    });
    await enqueueJob({ kind: kind.kind, payload: { n: 1 }, runAt: new Date(T.getTime() - 2) });
    await enqueueJob({ kind: kind.kind, payload: { n: 2 }, runAt: new Date(T.getTime() - 1) });
    await enqueueJob({ kind: kind.kind, payload: { n: 3 }, runAt: T });
    runner = startJobRunner({ kinds: [kind], pollMs: 600_000, log });
    await started.promise;
    const stopping = runner.stop();
    release.resolve();
    await stopping;
    const rows = await getDb().job.findMany({ where: { kind: kind.kind }, orderBy: { runAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "succeeded", "queued"]);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0][0]).toMatch(/^\[warden\] jobs: failed +test\.kind_\w+ job_\w+ try 1\/1 \d+ ms: first job fails$/);
  });

  it("treats a database that stays locked as 'try at the next poll', logged once, then runs the job when it frees", async () => {
    const log = quietLog();
    const ran = deferred<string>();
    const kind = countingKind({ work: async (ctx) => ran.resolve(ctx.jobId) });
    await enqueueJob({ kind: kind.kind });
    const lock = await holdJobsLock();
    try {
      // Each pass waits WARDEN_DB_LOCK_WAIT_MS (1.5 s in tests), asynchronously, then gives up until the next poll.
      runner = startJobRunner({ kinds: [kind], pollMs: 100, log });
      await vi.waitFor(() => expect(log.warn).toHaveBeenCalled(), { timeout: 10_000, interval: 50 });
      // At least one more pass meets the same lock; it is not logged again.
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      await lock.release();
    }
    const id = await ran.promise;
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0][0]).toMatch(/^\[warden\] jobs: the database is busy or unreachable \(.+\); due jobs will run at a later poll$/);
    await vi.waitFor(() => expect(log.log).toHaveBeenCalledWith("[warden] jobs: the database answers again; running due jobs"), { timeout: 5_000 });
    expect(await jobRow(id)).toMatchObject({ status: "succeeded" });
  }, 20_000);
});

describe("describeOutcome", () => {
  it("puts a job's end on one line", () => {
    expect(
      describeOutcome({
        jobId: "job_1",
        kind: "a.b",
        attempt: 1,
        maxAttempts: 3,
        outcome: "retrying",
        durationMs: 4,
        error: "Invalid call:\n\n  down",
        nextRunAt: T,
      }),
    ).toBe("retrying  a.b job_1 try 1/3 4 ms: Invalid call: down; next try 2031-03-04T10:00:00.000Z");
    expect(
      describeOutcome({ jobId: "job_2", kind: "a.b", attempt: 1, maxAttempts: 1, outcome: "succeeded", durationMs: 12, summary: { n: 2 } }),
    ).toBe('succeeded a.b job_2 try 1/1 12 ms {"n":2}');
  });
});
