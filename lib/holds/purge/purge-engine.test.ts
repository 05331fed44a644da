// The purge engine on both warehouse dialects (issue 9 "Done when"): each hold target kind keeps its records while
// their unheld neighbours past retention go; a hold activated after the candidates were counted still protects (and
// cannot activate while a batch holds the lease); a release lets the next run delete; a batch a crash left `deleting`
// is finished exactly once; tombstones match deletions one to one; the breaker trips and waits for a second privacy
// admin; a second run is refused while one is open; the dry-run reports per dataset, reason and hold.
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import type { WhereBuilder } from "@/lib/warehouse/connector";
import type { PurgeWriter, ScannedRow } from "@/lib/warehouse/purge-writer";
import { openTestWarehouse, testWarehouseDialects, type TestWarehouse } from "@/lib/warehouse/test-warehouses";
import { holdCovers } from "../hold-clause";
import { activateHold } from "../holds/activate-hold";
import { createHold } from "../holds/create-hold";
import { createMatter } from "../matters/create-matter";
import { fenceHoldActivation, PurgeBatchInFlightError } from "../purge-lease";
import type { HoldTarget } from "../types";
import { median, breakerLimit } from "./breaker";
import { approvePurgeRun, cancelPurgeRun } from "./decide-purge-run";
import { getPurgeRun, lastPurgeRun } from "./read-purge-runs";
import type { PurgeReport } from "./report";
import { runPurge } from "./run-purge";
import { startPurgeRun } from "./start-purge-run";
import { insertActiveHold, insertPolicy, releaseHold, resetPurgeState, testWriter } from "./test-helpers";
import { tombstoneHash } from "./tombstones";
import { purgeOrder } from "./purge-order";

const LEGS = "marketplace.booking_legs@1";
const BOOKINGS = "marketplace.bookings@1";
type Row = Record<string, unknown>;

describe.each(testWarehouseDialects())("purge engine on a %s warehouse", (dialect) => {
  let tw: TestWarehouse;
  let writer: PurgeWriter;
  let legs: Row[];
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  let admin2: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    admin = await createTestUser("privacy_admin", "purger");
    admin2 = await createTestUser("privacy_admin", "purger2");
  });

  beforeEach(async () => {
    await resetPurgeState();
    tw = await openTestWarehouse(dialect, { size: 300, seed: 21 });
    writer = testWriter(tw);
    const db = new Database(tw.sqliteFile, { readonly: true });
    legs = db.prepare(`SELECT * FROM booking_legs ORDER BY booking_leg_id`).all() as Row[];
    db.close();
  }, 120_000);

  afterEach(async () => {
    await writer?.close();
    await tw?.dispose();
  });
  afterAll(resetPurgeState);

  const acting = (a = admin) => ({ actor: a, meta: testMeta() });
  const remainingLegs = async () =>
    new Set(
      (
        await writer.present(
          LEGS,
          legs.map((r) => String(r.booking_leg_id)),
          () => null,
        )
      ).map((r) => r.id),
    );
  const execute = async (opts: Parameters<typeof runPurge>[1] = {}) => {
    const { runId } = await startPurgeRun(acting(), { mode: "execute", trigger: "console" });
    const summary = await runPurge(runId, { writer, ...opts });
    return { runId, summary };
  };
  const tombstonesOf = async (runId?: string) =>
    (await getDb().purgeTombstone.findMany({ where: runId ? { runId } : {}, select: { recordHash: true, datasetRef: true } })).map(
      (t) => t.recordHash,
    );
  const covered = (targets: HoldTarget[]) => (r: Row) => targets.some((t) => holdCovers(WAREHOUSE_DATASETS[LEGS], t, r));

  it("keeps each target kind's records while their unheld neighbours past retention are deleted, one tombstone per deletion", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    const subject = String(legs[3].person_id);
    const group = String(legs[40].lbg_id);
    const day = String(legs[77].starts_at).slice(0, 10);
    const kinds: Record<string, HoldTarget> = {
      subject: { kind: "subject", value: subject },
      booking_group: { kind: "booking_group", value: group },
      date_range: { kind: "date_range", value: LEGS, fromDay: day, toDay: day },
    };
    for (const [name, t] of Object.entries(kinds)) await insertActiveHold([t], `${name} hold`);
    const targets = Object.values(kinds);
    const held = legs.filter(covered(targets));
    for (const t of targets) expect(legs.filter(covered([t])).length, t.kind).toBeGreaterThan(0);

    const { runId, summary } = await execute();
    expect(summary.status).toBe("completed");
    const left = await remainingLegs();
    // Every held record survives; every unheld one (all are past a year) is gone.
    for (const r of held) expect(left.has(String(r.booking_leg_id)), `held ${String(r.booking_leg_id)}`).toBe(true);
    expect(left.size).toBe(held.length);
    const deleted = legs.filter((r) => !left.has(String(r.booking_leg_id)));
    expect(summary.deleted).toBe(deleted.length);
    expect(summary.heldBack).toBe(held.length);
    expect((await tombstonesOf(runId)).sort()).toEqual(deleted.map((r) => tombstoneHash(LEGS, String(r.booking_leg_id))).sort());

    const entries = await getDb().ledgerEntry.findMany({ where: { resource: `purge:${runId}` }, orderBy: { seq: "asc" } });
    expect(entries[0].action).toBe("purge.run_started");
    expect(entries.at(-1)!.action).toBe("purge.run_completed");
    const batches = entries.filter((e) => e.action === "purge.batch_deleted");
    expect(batches.reduce((n, e) => n + Number(JSON.parse(e.payload!).deleted), 0)).toBe(deleted.length);
    expect(entries.every((e) => !JSON.stringify(e.payload).includes(subject))).toBe(true);
  });

  it("keeps a whole dataset under a dataset hold, and purges it once released, after the rows that referenced it", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    await insertPolicy(BOOKINGS, 365, "booked_at");
    const bookings = await writer.count(BOOKINGS, []);
    const holdId = await insertActiveHold([{ kind: "dataset", value: BOOKINGS }], "bookings dataset hold");
    const first = await execute();
    // Held back: the bookings past retention that nothing references any more (their legs went in this run).
    expect(first.summary).toMatchObject({ status: "completed", deleted: legs.length });
    expect(first.summary.heldBack).toBeGreaterThan(0);
    expect((await remainingLegs()).size).toBe(0);
    expect(await writer.count(BOOKINGS, [])).toBe(bookings);
    await releaseHold(holdId);
    const second = await execute();
    expect(second.summary).toMatchObject({ status: "completed", deleted: first.summary.heldBack, heldBack: 0 });
    expect(await writer.count(BOOKINGS, [])).toBe(bookings - first.summary.heldBack);
  });

  it("protects the records of a hold activated after the candidates were counted, and refuses an activation while a batch holds the lease", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    const late: HoldTarget = { kind: "subject", value: String(legs[120].person_id) };
    let fenced: unknown = null;
    let goneBefore = new Set<string>();
    const { summary, runId } = await execute({
      batchRows: 50,
      hooks: {
        async afterLease(seq) {
          if (seq !== 1) return;
          fenced = await getDb()
            .$transaction((tx) => fenceHoldActivation(tx))
            .catch((e: unknown) => e);
        },
        async beforeBatch(seq) {
          if (seq !== 3) return;
          const left = await remainingLegs();
          goneBefore = new Set(legs.map((r) => String(r.booking_leg_id)).filter((id) => !left.has(id)));
          await insertActiveHold([late], "late hold");
        },
      },
    });
    expect(fenced).toBeInstanceOf(PurgeBatchInFlightError);
    expect((fenced as AppError).status).toBe(409);
    expect(summary.status).toBe("completed");
    expect(goneBefore.size).toBe(100);
    const run = await getPurgeRun(runId);
    expect(run!.report!.holds).toEqual([]); // the hold did not exist when the run counted
    const left = await remainingLegs();
    // Its records the first two batches had not reached were protected; any in those batches were already gone.
    const protectable = legs.filter(covered([late])).filter((r) => !goneBefore.has(String(r.booking_leg_id)));
    expect(protectable.length).toBeGreaterThan(0);
    for (const r of protectable) expect(left.has(String(r.booking_leg_id))).toBe(true);
    expect(left.size).toBe(protectable.length);
  });

  it("lets an activation that found a batch in flight in before the next batch, which then reads its hold", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    const { id: matterId } = await createMatter(acting(), { name: "Waiting matter", legalReference: "W-1", description: "", ownerId: admin.id });
    const { id: holdId } = await createHold(acting(), { matterId, name: "Waiting hold", targets: [{ kind: "dataset", value: LEGS }] });
    let seqNow = 0;
    let activatedDuring: number | null = null;
    let activation: Promise<unknown> | null = null;
    const { summary } = await execute({
      batchRows: 20,
      hooks: {
        async afterLease(seq) {
          seqNow = seq;
          if (seq !== 2) return;
          activation = activateHold(acting(), { holdId, reason: "Litigation notice received from counsel" }).then(() => (activatedDuring = seqNow));
          // Long enough for the activation to be refused by this batch's lease at least once.
          await new Promise((r) => setTimeout(r, 400));
        },
      },
    });
    await activation;
    // It went in between batches 2 and 3 (without the waiting mark the run would take every next lease first).
    expect(activatedDuring).toBe(2);
    expect(summary).toMatchObject({ status: "completed", deleted: 40 });
    expect((await remainingLegs()).size).toBe(legs.length - 40);
    expect((await getDb().purgeLease.findUniqueOrThrow({ where: { id: 1 } })).activationWaitingUntil).toBeNull();
  });

  it("lets the next run delete what a released hold kept", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    const target: HoldTarget = { kind: "subject", value: String(legs[9].person_id) };
    const holdId = await insertActiveHold([target]);
    await execute();
    expect((await remainingLegs()).size).toBe(legs.filter(covered([target])).length);
    await releaseHold(holdId);
    const { summary } = await execute();
    expect(summary.deleted).toBe(legs.filter(covered([target])).length);
    expect((await remainingLegs()).size).toBe(0);
    expect(await getDb().purgeTombstone.count()).toBe(legs.length);
  });

  it("finishes a batch a crash left deleting: what went gets its tombstone once, what is left is re-checked against the holds", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    const { runId } = await startPurgeRun(acting(), { mode: "execute", trigger: "console" });
    // Count, then stop before the first batch (as if killed there) with a batch planned and half of it deleted.
    await expect(runPurge(runId, { writer, hooks: { beforeBatch: () => Promise.reject(new Error("killed")) } })).rejects.toThrow("killed");
    const planned = legs.slice(0, 20).map((r) => String(r.booking_leg_id));
    const policyId = (await getDb().retentionPolicy.findFirstOrThrow()).id;
    await getDb().purgeBatch.create({
      data: {
        id: newId("pgb"),
        runId,
        seq: 1,
        datasetRef: LEGS,
        policyId,
        status: "deleting",
        recordIds: JSON.stringify(planned),
        planned: 20,
        createdAt: new Date(),
      },
    });
    await writer.deleteIds(LEGS, planned.slice(0, 10));
    // A hold activated while the run was down covers one of the planned rows still present.
    const lateHeld = legs.slice(10, 20).find((r) => !legs.slice(0, 10).some((x) => x.person_id === r.person_id))!;
    await insertActiveHold([{ kind: "subject", value: String(lateHeld.person_id) }], "held during the crash");

    const summary = await runPurge(runId, { writer });
    expect(summary.status).toBe("completed");
    const left = await remainingLegs();
    const heldIds = legs.filter((r) => r.person_id === lateHeld.person_id).map((r) => String(r.booking_leg_id));
    expect([...left].sort()).toEqual(heldIds.sort());
    const hashes = await tombstonesOf(runId);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashes.sort()).toEqual(
      legs
        .filter((r) => !left.has(String(r.booking_leg_id)))
        .map((r) => tombstoneHash(LEGS, String(r.booking_leg_id)))
        .sort(),
    );
    const first = await getDb().purgeBatch.findFirstOrThrow({ where: { runId, seq: 1 } });
    expect(first).toMatchObject({ status: "done", deleted: 20 - heldIds.filter((id) => planned.includes(id)).length });
    const resumed = await getDb().ledgerEntry.findMany({ where: { resource: `purge:${runId}`, action: "purge.batch_deleted" } });
    expect(resumed.filter((e) => JSON.parse(e.payload!).resumed === true)).toHaveLength(1);
  });

  it("scans every row once across batches and deletes scanned rows only when the record is still the one scanned", async () => {
    const all: WhereBuilder = () => ({ sql: "1=1", params: [] });
    const seen: ScannedRow[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await writer.scan(LEGS, { where: all, flag: () => null, after, limit: 7 });
      seen.push(...page);
      if (page.length < 7) break;
      after = page[page.length - 1].key;
    }
    expect(seen.map((r) => r.id).sort()).toEqual(legs.map((r) => String(r.booking_leg_id)).sort());
    // The scan's key with another record's id (SQLite: the rowid now names a different record) deletes nothing.
    expect(await writer.deleteScanned(LEGS, [{ ...seen[0], id: seen[1].id }])).toBe(0);
    expect(await writer.deleteScanned(LEGS, [{ ...seen[0], id: "leg_not_there" }])).toBe(0);
    expect((await remainingLegs()).size).toBe(legs.length);
    expect(await writer.deleteScanned(LEGS, seen.slice(0, 5))).toBe(5);
    const left = await remainingLegs();
    expect(
      legs
        .filter((r) => !left.has(String(r.booking_leg_id)))
        .map((r) => String(r.booking_leg_id))
        .sort(),
    ).toEqual(
      seen
        .slice(0, 5)
        .map((r) => r.id)
        .sort(),
    );
  });

  it("trips the breaker above the usual volume and waits for another privacy admin's approval", async () => {
    await insertPolicy(LEGS, 365, "starts_at");
    const { runId } = await startPurgeRun(acting(), { mode: "execute", trigger: "console" });
    const tripped = await runPurge(runId, { writer, breaker: { multiple: 3, minRows: 10 } });
    expect(tripped.status).toBe("tripped");
    expect((await remainingLegs()).size).toBe(legs.length);
    const run = await getPurgeRun(runId);
    expect(run!.trippedReason).toMatch(/would delete \d+ records, more than 10 \(no completed execute run yet/);
    expect(await getDb().notification.count({ where: { userId: admin2.id, kind: "purge.breaker_tripped" } })).toBe(1);
    // Nobody else may start meanwhile, the starter may not approve, and a reason is required.
    await expect(startPurgeRun(acting(admin2), { mode: "dry_run", trigger: "console" })).rejects.toMatchObject({ status: 409 });
    await expect(approvePurgeRun(acting(admin), { runId, reason: "fine" })).rejects.toMatchObject({ status: 403, field: "runId" });
    await expect(approvePurgeRun(acting(admin2), { runId, reason: " " })).rejects.toMatchObject({ status: 422, field: "reason" });
    const auditor = await createTestUser("auditor", "purge-auditor");
    await expect(approvePurgeRun(acting(auditor), { runId, reason: "x" })).rejects.toMatchObject({ status: 403 });
    await approvePurgeRun(acting(admin2), { runId, reason: "first purge after go-live" });
    const done = await runPurge(runId, { writer, breaker: { multiple: 3, minRows: 10 } });
    expect(done).toMatchObject({ status: "completed", deleted: legs.length });
    const actions = (await getDb().ledgerEntry.findMany({ where: { resource: `purge:${runId}`, decision: "allow" }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(await getDb().ledgerEntry.count({ where: { resource: `purge:${runId}`, action: "governance.action_refused" } })).toBe(3);
    expect(actions.slice(0, 3)).toEqual(["purge.run_started", "purge.breaker_tripped", "purge.run_approved"]);
    expect(actions.at(-1)).toBe("purge.run_completed");
  });

  it("refuses a second run while one is open, lets a cancelled one go, and reports a dry-run per dataset, reason and hold", async () => {
    await insertPolicy(LEGS, 365, "starts_at", { CA: 3650, NY: 10 });
    const target: HoldTarget = { kind: "subject", value: String(legs[5].person_id) };
    const holdId = await insertActiveHold([target], "subject hold");
    const { runId } = await startPurgeRun(acting(), { mode: "dry_run", trigger: "console" });
    const refused = await startPurgeRun(acting(admin2), { mode: "execute", trigger: "console" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 409, message: expect.stringMatching(/Another purge run .* is queued/) });
    const refusals = await getDb().ledgerEntry.findMany({ where: { action: "governance.action_refused", actorId: admin2.id, resource: "purge" } });
    expect(refusals.map((e) => JSON.parse(e.payload!)).filter((p) => p.open_run === runId)).toEqual([
      expect.objectContaining({ attempted: "start_purge_run", code: "conflict", open_run: runId }),
    ]);
    expect(await getDb().purgeRun.count()).toBe(1);

    const summary = await runPurge(runId, { writer });
    expect(summary.status).toBe("completed");
    expect((await remainingLegs()).size).toBe(legs.length); // a dry-run deletes nothing
    const report = (await getPurgeRun(runId))!.report as PurgeReport;
    const legsReport = report.datasets.find((d) => d.dataset === LEGS)!;
    const heldLegs = legs.filter(covered([target]));
    expect(legsReport.heldBack).toBe(heldLegs.length);
    expect(legsReport.toDelete).toBe(legsReport.candidates - heldLegs.length);
    expect(legsReport.reasons.reduce((n, r) => n + r.candidates, 0)).toBe(legsReport.candidates);
    expect(legsReport.reasons[0].reason).toBe("older than 365 days from starts_at");
    // CA keeps ten years, so its legs are not candidates; NY's shorter override never shortens the base.
    expect(legsReport.reasons.some((r) => r.reason.startsWith("NY"))).toBe(false);
    expect(report.holds).toEqual([
      expect.objectContaining({
        holdId,
        heldBack: heldLegs.length,
        datasets: [expect.objectContaining({ dataset: LEGS, heldBack: heldLegs.length })],
      }),
    ]);
    expect(report.holds[0].datasets[0].sampleIds.every((id) => heldLegs.some((r) => r.booking_leg_id === id))).toBe(true);
    expect(await lastPurgeRun()).toMatchObject({ id: runId, mode: "dry_run", status: "completed" });

    const second = await startPurgeRun(acting(), { mode: "execute", trigger: "console" });
    await cancelPurgeRun(acting(admin2), { runId: second.runId });
    expect(await runPurge(second.runId, { writer })).toMatchObject({ status: "cancelled", deleted: 0 });
    await expect(cancelPurgeRun(acting(admin2), { runId: second.runId })).rejects.toMatchObject({ status: 409 });
    await expect(startPurgeRun(acting(), { mode: "dry_run", trigger: "console" })).resolves.toMatchObject({ runId: expect.stringMatching(/^prg_/) });
  });
});

describe("purge pure parts", () => {
  it("visits referencing datasets before the ones they reference", () => {
    const order = purgeOrder().map((d) => d.ref);
    expect(order.indexOf(LEGS)).toBeLessThan(order.indexOf(BOOKINGS));
    expect(order.indexOf(BOOKINGS)).toBeLessThan(order.indexOf("marketplace.people@1"));
  });
  it("takes the median of past runs and never goes under the minimum", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(breakerLimit(null, 3, 10_000)).toBe(10_000);
    expect(breakerLimit(100_000, 3, 10_000)).toBe(300_000);
    expect(breakerLimit(10, 3, 10_000)).toBe(10_000);
  });
});
