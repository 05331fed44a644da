import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { claimNextJob } from "./claim-job";
import { enqueueJob } from "./enqueue-job";
import { runDueJobs, type JobOutcome } from "./run-due-jobs";
import { ensureRecurringRuns, nextSlot, recurringKey } from "./schedule-recurring";
import { countingKind, deferred, jobRow, secondConnection } from "./test-helpers";

const T = new Date("2031-03-04T10:00:00.000Z");
const at = (ms: number) => new Date(T.getTime() + ms);
const MINUTE = 60_000;

beforeEach(async () => {
  await getDb().job.deleteMany({});
  pinClock(T);
});
afterEach(() => pinClock(null));

async function enqueueMany(kind: string, n: number, runAt = T): Promise<string[]> {
  for (let i = 0; i < n; i++) await enqueueJob({ kind, runAt, payload: { i } });
  const rows = await getDb().job.findMany({ where: { kind }, select: { id: true } });
  return rows.map((r) => r.id);
}

describe("claiming", () => {
  it("two runners on two connections racing over N due jobs run each exactly once", async () => {
    const kind = countingKind({ work: () => new Promise<void>((r) => setImmediate(r)) });
    const ids = await enqueueMany(kind.kind, 40);
    const other = await secondConnection();
    try {
      const [a, b] = await Promise.all([
        runDueJobs({ kinds: [kind], runnerId: "runner-a", concurrency: 3 }),
        runDueJobs({ kinds: [kind], runnerId: "runner-b", concurrency: 3, db: other.db }),
      ]);
      const ran = [...a, ...b].map((o) => o.jobId).sort();
      expect(ran).toEqual([...ids].sort());
      expect([...kind.runs.values()].every((n) => n === 1)).toBe(true);
      expect(kind.runs.size).toBe(40);
      const rows = await getDb().job.findMany({ where: { kind: kind.kind } });
      expect(rows.every((r) => r.status === "succeeded" && r.attempts === 1)).toBe(true);
      // Each row names the runner that ran it, and it is the one that reported it.
      const byRunner = new Map(rows.map((r) => [r.id, r.lockedBy]));
      expect(a.every((o) => byRunner.get(o.jobId) === "runner-a")).toBe(true);
      expect(b.every((o) => byRunner.get(o.jobId) === "runner-b")).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("takes a job only once its run_at has come, comparing times the way they are stored", async () => {
    const kind = countingKind();
    await enqueueJob({ kind: kind.kind, runAt: at(1) });
    await enqueueJob({ kind: kind.kind, runAt: at(-1) });
    await enqueueJob({ kind: kind.kind, runAt: T });
    expect(await runDueJobs({ kinds: [kind] })).toHaveLength(2);
    pinClock(at(1));
    expect(await runDueJobs({ kinds: [kind] })).toHaveLength(1);
    expect(kind.runs.size).toBe(3);
  });

  it("leaves jobs of kinds it does not know for a runner that does", async () => {
    const known = countingKind();
    const other = countingKind();
    await enqueueJob({ kind: other.kind });
    expect(await runDueJobs({ kinds: [known] })).toEqual([]);
    expect((await getDb().job.findFirstOrThrow({ where: { kind: other.kind } })).status).toBe("queued");
  });
});

describe("leases", () => {
  it("another runner takes over a job whose runner died once its lease runs out, as a new try", async () => {
    const kind = countingKind({ maxAttempts: 2 });
    const [id] = await enqueueMany(kind.kind, 1);
    // The "dead" runner claims and never finishes.
    expect(await claimNextJob(getDb(), { runnerId: "dead-runner", kinds: [kind.kind], now: T, leaseMs: MINUTE })).toBe(id);
    expect(await runDueJobs({ kinds: [kind], runnerId: "live" })).toEqual([]);
    pinClock(at(MINUTE + 1));
    const [outcome] = await runDueJobs({ kinds: [kind], runnerId: "live" });
    expect(outcome).toMatchObject({ jobId: id, outcome: "succeeded", attempt: 2 });
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, lockedBy: "live", leaseUntil: null });
    expect(row.lastError).toBe("Try 1 did not finish: its runner (dead-runner) stopped and its lease ran out");
  });

  it("fails a job whose runner died on its last try, without running it again", async () => {
    const kind = countingKind();
    const [id] = await enqueueMany(kind.kind, 1);
    await claimNextJob(getDb(), { runnerId: "dead-runner", kinds: [kind.kind], now: T, leaseMs: MINUTE });
    pinClock(at(MINUTE + 1));
    const [outcome] = await runDueJobs({ kinds: [kind] });
    expect(outcome).toMatchObject({ jobId: id, outcome: "failed", attempt: 2, maxAttempts: 1 });
    expect(kind.runs.size).toBe(0);
    expect(await jobRow(id)).toMatchObject({ status: "failed", lastError: expect.stringContaining("lease ran out") });
  });

  it("drops the late result of a runner that lost its lease; the runner that took over records its own", async () => {
    const release = deferred();
    const started = deferred();
    let calls = 0;
    const kind = countingKind({
      maxAttempts: 3,
      work: async () => {
        if (++calls === 1) {
          started.resolve();
          await release.promise; // the slow first runner
          return { by: "slow" };
        }
        return { by: "fast" };
      },
    });
    const [id] = await enqueueMany(kind.kind, 1);
    // A long lease, so the slow runner's heartbeat (every lease/3) does not fire during the test.
    const slow = runDueJobs({ kinds: [kind], runnerId: "slow", leaseMs: 10 * MINUTE });
    await started.promise;
    pinClock(at(10 * MINUTE + 1));
    const fast = await runDueJobs({ kinds: [kind], runnerId: "fast" });
    expect(fast).toMatchObject([{ jobId: id, outcome: "succeeded", summary: { by: "fast" } }]);
    release.resolve();
    expect(await slow).toMatchObject([{ jobId: id, outcome: "lost" }]);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", lockedBy: "fast", result: '{"by":"fast"}', attempts: 2 });
  });
});

describe("retries", () => {
  it("retries a failing one-off job with exponential backoff, then marks it failed with the last error", async () => {
    const kind = countingKind({
      maxAttempts: 3,
      backoffMs: 1_000,
      work: async (ctx) => {
        throw new Error(`boom ${ctx.attempt}`);
      },
    });
    const [id] = await enqueueMany(kind.kind, 1);
    const outcomes: JobOutcome[] = [];
    outcomes.push(...(await runDueJobs({ kinds: [kind] })));
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 1, runAt: at(1_000), lastError: "boom 1", maxAttempts: 3 });
    expect(await runDueJobs({ kinds: [kind] })).toEqual([]); // not due before its backoff
    pinClock(at(1_000));
    outcomes.push(...(await runDueJobs({ kinds: [kind] })));
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 2, runAt: at(1_000 + 2_000), lastError: "boom 2" });
    pinClock(at(3_000));
    outcomes.push(...(await runDueJobs({ kinds: [kind] })));
    expect(outcomes.map((o) => o.outcome)).toEqual(["retrying", "retrying", "failed"]);
    expect(outcomes[0].nextRunAt).toEqual(at(1_000));
    expect(await jobRow(id)).toMatchObject({ status: "failed", attempts: 3, lastError: "boom 3" });
    pinClock(at(60 * MINUTE));
    expect(await runDueJobs({ kinds: [kind] })).toEqual([]);
    expect(kind.runs.get(id)).toBe(3);
  });

  it("a job enqueued with more tries than its kind allows keeps its own", async () => {
    const kind = countingKind({
      work: async () => {
        throw new Error("nope");
      },
    });
    await enqueueJob({ kind: kind.kind, maxAttempts: 2 });
    const [first] = await runDueJobs({ kinds: [kind] });
    expect(first).toMatchObject({ outcome: "retrying", maxAttempts: 2 });
  });

  it("a failing job does not stop the others in the same pass", async () => {
    const kind = countingKind({
      work: async (ctx) => {
        if (ctx.payload.i === 0) throw new Error("first one fails");
      },
    });
    await enqueueMany(kind.kind, 3);
    const outcomes = await runDueJobs({ kinds: [kind] });
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["failed", "succeeded", "succeeded"]);
  });

  it("a payload that is not a JSON object fails the try with a clear error", async () => {
    const kind = countingKind();
    await getDb().job.create({ data: { id: "job_badpayload0", kind: kind.kind, status: "queued", payload: "[1]", runAt: T, createdAt: T } });
    const [o] = await runDueJobs({ kinds: [kind] });
    expect(o).toMatchObject({ outcome: "failed", error: "The job's payload is not a JSON object" });
    expect(kind.runs.size).toBe(0);
  });
});

describe("recurring kinds", () => {
  it("have exactly one queued next run, and each run queues the next on the kind's grid", async () => {
    const kind = countingKind({ everyMs: MINUTE });
    await ensureRecurringRuns(getDb(), [kind], T);
    await ensureRecurringRuns(getDb(), [kind], T);
    const first = await getDb().job.findMany({ where: { kind: kind.kind } });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ status: "queued", runAt: T, dedupeKey: recurringKey(kind.kind, T) });

    pinClock(at(5_000)); // runs a little late
    const [o] = await runDueJobs({ kinds: [kind] });
    expect(o).toMatchObject({ outcome: "succeeded", nextRunAt: at(MINUTE) });
    const queued = await getDb().job.findMany({ where: { kind: kind.kind, status: "queued" } });
    expect(queued).toMatchObject([{ runAt: at(MINUTE), dedupeKey: `every:${kind.kind}:${at(MINUTE).toISOString()}` }]);
  });

  it("after downtime run once to catch up, not once per missed slot", async () => {
    const kind = countingKind({ everyMs: MINUTE });
    const missed = at(-10 * MINUTE - 30_000);
    await getDb().job.create({
      data: {
        id: "job_recurringpast",
        kind: kind.kind,
        dedupeKey: recurringKey(kind.kind, missed),
        status: "queued",
        runAt: missed,
        createdAt: missed,
      },
    });
    const outcomes = await runDueJobs({ kinds: [kind] });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].nextRunAt).toEqual(at(30_000));
    expect(await runDueJobs({ kinds: [kind] })).toEqual([]);
    const rows = await getDb().job.findMany({ where: { kind: kind.kind }, orderBy: { runAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["succeeded", "queued"]);
  });

  it("a failed run is not retried: the next run comes at the next slot", async () => {
    const kind = countingKind({
      everyMs: MINUTE,
      maxAttempts: 5,
      work: async () => {
        throw new Error("recurring failure");
      },
    });
    const [o] = await runDueJobs({ kinds: [kind] });
    expect(o).toMatchObject({ outcome: "failed", maxAttempts: 1, nextRunAt: at(MINUTE) });
    const rows = await getDb().job.findMany({ where: { kind: kind.kind }, orderBy: { runAt: "asc" } });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["failed", "recurring failure"],
      ["queued", null],
    ]);
  });

  it("two runners starting together on two connections queue one next run, not two", async () => {
    const kind = countingKind({ everyMs: MINUTE });
    const other = await secondConnection();
    try {
      await Promise.all([ensureRecurringRuns(getDb(), [kind], T), ensureRecurringRuns(other.db, [kind], at(1))]);
    } finally {
      await other.close();
    }
    expect(await getDb().job.count({ where: { kind: kind.kind } })).toBe(1);
  });

  it("a next run further away than one interval (the clock went back) is pulled in to now", async () => {
    const kind = countingKind({ everyMs: MINUTE });
    const far = at(2 * 24 * 60 * MINUTE);
    await getDb().job.create({
      data: { id: "job_recurringfar", kind: kind.kind, dedupeKey: recurringKey(kind.kind, far), status: "queued", runAt: far, createdAt: T },
    });
    expect(await runDueJobs({ kinds: [kind] })).toMatchObject([{ jobId: "job_recurringfar", outcome: "succeeded" }]);
  });

  it("nextSlot is the first slot on the grid strictly after now", () => {
    expect(nextSlot(T, MINUTE, T)).toEqual(at(MINUTE));
    expect(nextSlot(T, MINUTE, at(MINUTE))).toEqual(at(2 * MINUTE));
    expect(nextSlot(T, MINUTE, at(10 * MINUTE + 1))).toEqual(at(11 * MINUTE));
    expect(nextSlot(T, MINUTE, at(-5 * MINUTE))).toEqual(at(MINUTE));
  });
});

describe("kinds", () => {
  it("refuses a list that names a kind twice", async () => {
    const kind = countingKind();
    await expect(runDueJobs({ kinds: [kind, { ...kind }] })).rejects.toThrow(`Job kind ${kind.kind} is listed twice`);
  });

  it("hands the run its payload, try number and the clock reading at the claim", async () => {
    const kind = countingKind();
    await enqueueJob({ kind: kind.kind, payload: { grantId: "grt_1" } });
    await runDueJobs({ kinds: [kind] });
    expect(kind.contexts).toMatchObject([{ attempt: 1, payload: { grantId: "grt_1" }, now: T }]);
  });
});
