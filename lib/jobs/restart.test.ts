// A restart, as an operator's cron sees it: `warden jobs run --once` is a real process against the real database.
// A job that fell due while nothing ran is run by the next start exactly once, and not again by the one after.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { runCli } from "@/scripts/cli";
import { captureConsole } from "@/lib/test/capture-console";
import { recurringKey } from "./schedule-recurring";

const MINUTE = 60_000;

function warden(args: string[], extraEnv: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args],
      { env: { ...process.env, ...extraEnv } },
      (e, stdout, stderr) => resolve({ status: e ? Number(e.code) : 0, stdout, stderr }),
    ),
  );
}

async function insertRecurringRun(id: string, kind: string, runAt: Date, payload = "{}") {
  await getDb().job.create({
    data: { id, kind, dedupeKey: recurringKey(kind, runAt), status: "queued", payload, runAt, createdAt: runAt },
  });
}

let tmp: string;
beforeEach(async () => {
  await getDb().job.deleteMany({});
  tmp = mkdtempSync(path.join(os.tmpdir(), "warden-jobs-cli-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe("warden jobs run --once (a real process)", () => {
  it("runs a job that fell due while nothing ran exactly once; the next start does not run it again", async () => {
    const dueAt = new Date(Date.now() - 60 * MINUTE);
    await insertRecurringRun("job_restartdue0", "auth.housekeeping", dueAt);

    const first = await warden(["jobs", "run", "--once"]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const mine = first.stdout.split("\n").filter((l) => l.includes("job_restartdue0"));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/^succeeded auth\.housekeeping job_restartdue0 try 1\/1 \d+ ms/);
    const ran = await getDb().job.findUniqueOrThrow({ where: { id: "job_restartdue0" } });
    expect(ran).toMatchObject({ status: "succeeded", attempts: 1 });
    // One catch-up run, then the kind's next run on its grid, in the future.
    const queued = await getDb().job.findMany({ where: { kind: "auth.housekeeping", status: "queued" } });
    expect(queued).toHaveLength(1);
    expect(queued[0].runAt.getTime()).toBeGreaterThan(ran.finishedAt!.getTime());
    expect((queued[0].runAt.getTime() - dueAt.getTime()) % MINUTE).toBe(0);

    const second = await warden(["jobs", "run", "--once"]);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toContain("job_restartdue0");
    expect(await getDb().job.findUniqueOrThrow({ where: { id: "job_restartdue0" } })).toEqual(ran);
  }, 120_000);

  it("follows WARDEN_TEST_CLOCK_FILE: a job due in ten minutes of real time runs when the test clock is ahead", async () => {
    await insertRecurringRun("job_clockahead0", "jobs.prune_history", new Date(Date.now() + 10 * MINUTE));
    const behind = await warden(["jobs", "run", "--once"]);
    expect(behind.status).toBe(0);
    expect(behind.stdout).not.toContain("job_clockahead0");

    const clock = path.join(tmp, "clock.json");
    writeFileSync(clock, JSON.stringify({ offsetMs: 20 * MINUTE }));
    const ahead = await warden(["jobs", "run", "--once"], { WARDEN_TEST_CLOCK_FILE: clock });
    expect(ahead.status).toBe(0);
    expect(ahead.stdout).toMatch(/^succeeded jobs\.prune_history job_clockahead0 try 1\/1 \d+ ms \{"succeeded":\d+,"failed":\d+\}/m);
    expect(ahead.stderr).toContain("TEST CLOCK");
  }, 120_000);

  it("exits 1 with a one-line reason when a job fails", async () => {
    await insertRecurringRun("job_badpayload1", "auth.housekeeping", new Date(Date.now() - MINUTE), "not json");
    const r = await warden(["jobs", "run", "--once"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^failed +auth\.housekeeping job_badpayload1 try 1\/1 \d+ ms: .*JSON/m);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(/^warden jobs run: 1 of \d+ job\(s\) failed; first auth\.housekeeping job_badpayload1: .*JSON/);
    expect(await getDb().job.findUniqueOrThrow({ where: { id: "job_badpayload1" } })).toMatchObject({ status: "failed" });
  }, 120_000);
});

describe("warden jobs status", () => {
  it("prints one line per kind with its schedule, last run and next run", async () => {
    const { out } = captureConsole();
    expect(await runCli(["jobs", "run", "--once"])).toBe(0);
    out.length = 0;
    await getDb().job.create({ data: { id: "job_orphankind0", kind: "retired.kind", status: "queued", runAt: new Date(), createdAt: new Date() } });
    expect(await runCli(["jobs", "status"])).toBe(0);
    expect(out[0]).toMatch(/^kind +schedule +last run +outcome +took +next run +queued +retrying +failed \(30 d\)$/);
    expect(out.find((l) => l.startsWith("auth.housekeeping"))).toMatch(
      /^auth\.housekeeping +every 1 min +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +succeeded +\d+ ms +\d{4}-/,
    );
    expect(out.find((l) => l.startsWith("jobs.prune_history"))).toMatch(/every 1 h/);
    expect(out.find((l) => l.startsWith("retired.kind"))).toMatch(/^retired\.kind \(not run here\) +one-off +never +- +- +\d{4}-.+ +1 +0 +0$/);
  }, 30_000);
});
