import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { findVerificationRuns, getVerificationRun, runVerification, startVerification, VERIFY_JOB_KIND } from "./verification-runs";

describe("verification runs", () => {
  it("an auditor starts one: the run, its job and a ledger entry commit together; the job records the outcome and ledgers it", async () => {
    const auditor = await createTestUser("auditor", "verifier");
    const { id } = await startVerification(auditor, testMeta());
    const db = getDb();
    expect(await getVerificationRun(id)).toMatchObject({ status: "queued", startedBy: auditor.id, startedByName: "Test verifier", ok: null });
    const job = await db.job.findFirstOrThrow({ where: { kind: VERIFY_JOB_KIND, dedupeKey: `${VERIFY_JOB_KIND}:${id}` } });
    expect(JSON.parse(job.payload)).toEqual({ runId: id });
    expect(await db.ledgerEntry.findFirst({ where: { action: "ledger.verification_started", recordId: id }, select: { actorId: true } })).toEqual({
      actorId: auditor.id,
    });

    const outcome = await runVerification(id, job.id);
    expect(outcome).toMatchObject({ runId: id, ok: true });
    const run = await getVerificationRun(id);
    expect(run).toMatchObject({ status: "done", ok: true, kind: null, location: null });
    expect(run!.done).toBeGreaterThan(0);
    expect(run!.done).toBe(run!.total);
    expect(run!.summary).toMatch(/^ledger ok: \d+ entries verified/);
    expect(
      await db.ledgerEntry.findFirst({ where: { action: "ledger.verified", recordId: id }, select: { decision: true, payload: true } }),
    ).toMatchObject({
      decision: "allow",
    });
    expect((await findVerificationRuns()).lastFinished?.id).toBe(id);
    // At-least-once: running the job again does not verify (or ledger) twice.
    expect(await runVerification(id, job.id)).toEqual({ runId: id, status: "done" });
    expect(await db.ledgerEntry.count({ where: { action: "ledger.verified", recordId: id } })).toBe(1);
  }, 120_000);

  it("an analyst may not start one, even calling the domain function directly", async () => {
    const analyst = await createTestUser("analyst", "not-a-verifier");
    const before = await getDb().ledgerVerificationRun.count();
    await expect(startVerification(analyst, testMeta())).rejects.toHaveProperty("code", "forbidden");
    expect(await getDb().ledgerVerificationRun.count()).toBe(before);
  });
});
