// The report download (ledgered, purge.read only, CSV safe against formulas), and the nightly schedule's slots.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { downloadPurgeReport, reportCsv } from "./download-report";
import { lastSlot, nextScheduledPurge, startNightlyPurge } from "./nightly";
import type { PurgeReport } from "./report";
import { resetPurgeState } from "./test-helpers";

const REPORT: PurgeReport = {
  at: "2026-11-29T00:00:00Z",
  datasets: [
    {
      dataset: "marketplace.booking_legs@1",
      policyId: "ret_1",
      policyVersion: 2,
      candidates: 10,
      reasons: [{ reason: "older than 365 days from starts_at", candidates: 10 }],
      heldBack: 3,
      toDelete: 7,
    },
  ],
  holds: [
    {
      holdId: "hold_1",
      name: "=HYPERLINK(1)",
      matterId: "mat_1",
      version: 2,
      heldBack: 3,
      datasets: [{ dataset: "marketplace.booking_legs@1", heldBack: 3, sampleIds: ["leg_a", "leg_b"] }],
    },
  ],
};

beforeEach(resetPurgeState);
afterAll(async () => {
  pinClock(null);
  await resetPurgeState();
});

describe("purge report download", () => {
  it("serves CSV and JSON to purge.read, ledgers each download, and refuses an analyst, a bad format and a run without a report", async () => {
    const at = new Date();
    await getDb().purgeRun.create({
      data: { id: "prg_report1", mode: "dry_run", status: "completed", trigger: "cli", report: JSON.stringify(REPORT), createdAt: at, updatedAt: at },
    });
    await getDb().purgeRun.create({ data: { id: "prg_report2", mode: "dry_run", status: "queued", trigger: "cli", createdAt: at, updatedAt: at } });
    const auditor = await createTestUser("auditor", "purge-report");
    const csv = await downloadPurgeReport({ actor: auditor, meta: testMeta() }, { runId: "prg_report1", format: "csv" });
    expect(csv.fileName).toBe("purge-prg_report1.csv");
    expect(csv.body.split("\r\n")[0]).toBe("run,section,dataset,policy_or_hold,reason_or_name,candidates,held_back,to_delete,deleted,sample_ids");
    expect(csv.body).toContain("prg_report1,hold,marketplace.booking_legs@1,hold_1,'=HYPERLINK(1),,3,,,leg_a leg_b");
    const json = await downloadPurgeReport({ actor: auditor, meta: testMeta() }, { runId: "prg_report1", format: "json" });
    expect(JSON.parse(json.body)).toMatchObject({ run: "prg_report1", holds: [{ holdId: "hold_1" }] });
    const entries = await getDb().ledgerEntry.findMany({ where: { resource: "purge:prg_report1", action: "purge.report_downloaded" } });
    expect(entries.map((e) => JSON.parse(e.payload!).format)).toEqual(["csv", "json"]);

    const analyst = await createTestUser("analyst", "purge-report");
    await expect(downloadPurgeReport({ actor: analyst, meta: testMeta() }, { runId: "prg_report1", format: "csv" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(downloadPurgeReport({ actor: auditor, meta: testMeta() }, { runId: "prg_report1", format: "xml" })).rejects.toMatchObject({
      status: 422,
      field: "format",
    });
    await expect(downloadPurgeReport({ actor: auditor, meta: testMeta() }, { runId: "prg_report2", format: "csv" })).rejects.toMatchObject({
      status: 409,
    });
    expect(
      reportCsv("r", { ...REPORT, holds: [] })
        .split("\r\n")
        .filter(Boolean),
    ).toHaveLength(3);
  });
});

describe("nightly schedule", () => {
  it("starts one execute run inside the purge hour, none outside it, and says when the next one starts", async () => {
    // WARDEN_PURGE_HOUR_UTC defaults to 2.
    expect(lastSlot(new Date("2026-11-29T01:59:00Z")).toISOString()).toBe("2026-11-28T02:00:00.000Z");
    expect(lastSlot(new Date("2026-11-29T02:00:00Z")).toISOString()).toBe("2026-11-29T02:00:00.000Z");
    const outside = new Date("2026-11-29T05:00:00Z");
    pinClock(outside);
    expect(await startNightlyPurge(outside, "job_test")).toMatchObject({ started: false, skipped: "outside the purge hour" });
    expect((await nextScheduledPurge(outside)).toISOString()).toBe("2026-11-30T02:00:00.000Z");
    const inside = new Date("2026-11-30T02:03:00Z");
    pinClock(inside);
    expect((await nextScheduledPurge(inside)).toISOString()).toBe(inside.toISOString());
    const first = await startNightlyPurge(inside, "job_test");
    expect(first).toMatchObject({ started: true });
    expect(await getDb().purgeRun.findUniqueOrThrow({ where: { id: String(first.run) } })).toMatchObject({
      mode: "execute",
      trigger: "schedule",
      startedById: null,
    });
    pinClock(new Date("2026-11-30T02:08:00Z"));
    expect(await startNightlyPurge(new Date("2026-11-30T02:08:00Z"), "job_test")).toMatchObject({ started: false, run: first.run });
    expect((await nextScheduledPurge(new Date("2026-11-30T02:08:00Z"))).toISOString()).toBe("2026-12-01T02:00:00.000Z");
  });
});
