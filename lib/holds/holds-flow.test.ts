// Matters, holds and custodians called directly (not through the UI), on either dialect: each bad input of issue 9
// that concerns holds is refused with its field and writes nothing; two people release a hold; a matter with an
// active hold does not close; an activation waits for (and then gives up on) a purge batch holding the lease; each
// state change commits with its ledger entry and a refusal leaves no holds.* entry; only a custodian acknowledges.
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { AppError, toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { activeHoldTargets } from "./active-holds";
import { holdCovers } from "./hold-clause";
import { holdsSummary } from "./holds-summary";
import { activateHold } from "./holds/activate-hold";
import { createHold } from "./holds/create-hold";
import { recordsProtected } from "./holds/records-protected";
import { confirmHoldRelease, rejectHoldRelease, requestHoldRelease } from "./holds/release-hold";
import { updateHoldTargets } from "./holds/update-hold-targets";
import { closeMatter } from "./matters/close-matter";
import { createMatter } from "./matters/create-matter";
import { acknowledgeCustodianNotice, addCustodian, removeCustodian } from "./matters/custodians";
import { getMatterDetails } from "./matters/get-matter";
import { listMatters } from "./matters/list-matters";
import { updateMatter } from "./matters/update-matter";
import { acquirePurgeLease, releasePurgeLease } from "./purge-lease";
import { activeHoldsForSubject } from "./subject-holds";
import type { HoldTarget } from "./types";

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const PEOPLE = "marketplace.people@1";
const BOOKINGS = "marketplace.bookings@1";
const REASON = "Litigation notice received from counsel";

// Holds this file leaves active would protect rows from the purge tests that share the database: released at the end.
const created: string[] = [];
afterAll(async () => {
  await getDb().legalHold.updateMany({ where: { id: { in: created }, status: { not: "released" } }, data: { status: "released" } });
});

async function firstIds(dataset: string, n: number): Promise<string[]> {
  for await (const batch of getWarehouse().streamRows(dataset, { columns: [], filters: {}, batchSize: n })) return batch.map((r) => String(r[0]));
  return [];
}

async function refused(p: Promise<unknown>, status: number, field?: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "the call must be refused").not.toBeNull();
  const r = toErrorResponse(err);
  expect(r.status, r.body.error.message).toBe(status);
  if (field) expect(r.body.error.field).toBe(field);
  return err as AppError;
}

async function holdEntries(resource: string) {
  return getDb().ledgerEntry.findMany({ where: { resource, action: { startsWith: "holds." } }, orderBy: { seq: "asc" } });
}

async function setup() {
  const admin = await createTestUser("privacy_admin", "holds-admin");
  const admin2 = await createTestUser("privacy_admin", "holds-admin2");
  const counsel = await createTestUser("auditor", "counsel");
  const { id: matterId } = await createMatter(as(admin), {
    name: "Acme v. Marketplace",
    legalReference: "2026-CV-0142",
    description: "Payout dispute",
    ownerId: counsel.id,
  });
  return { admin, admin2, counsel, matterId };
}

async function newHold(admin: Actor, matterId: string, targets: HoldTarget[], name = "Payout records") {
  const { id } = await createHold(as(admin), { matterId, name, targets });
  created.push(id);
  return id;
}

describe("matters", () => {
  it("creates, edits and lists a matter, each change ledgered once; a save that changes nothing records nothing", async () => {
    const { admin, counsel, matterId } = await setup();
    const first = await holdEntries(`matter:${matterId}`);
    expect(first.map((e) => [e.action, e.actorId, e.recordId])).toEqual([["holds.matter_created", admin.id, matterId]]);
    expect(JSON.parse(first[0].payload ?? "{}")).toMatchObject({ owner_id: counsel.id });
    expect(first[0].payload).not.toContain("Acme");

    const fields = { matterId, name: "Acme v. Marketplace", legalReference: "2026-CV-0142", description: "Payout dispute", ownerId: counsel.id };
    expect((await updateMatter(as(admin), fields)).changed).toEqual([]);
    expect(await holdEntries(`matter:${matterId}`)).toHaveLength(1);
    expect((await updateMatter(as(admin), { ...fields, legalReference: "2026-CV-0143" })).changed).toEqual(["legalReference"]);
    expect((await holdEntries(`matter:${matterId}`)).map((e) => e.action)).toEqual(["holds.matter_created", "holds.matter_updated"]);

    const page = await listMatters(admin, { status: "open", limit: 100 });
    expect(page.rows.find((r) => r.id === matterId)).toMatchObject({ legalReference: "2026-CV-0143", status: "open", ownerEmail: counsel.email });
    // Auditors read matters (holds.read); analysts do not, even by id.
    expect((await getMatterDetails(counsel, matterId)).owner.id).toBe(counsel.id);
    const analyst = await createTestUser("analyst");
    await refused(listMatters(analyst, {}), 403);
    await refused(getMatterDetails(analyst, matterId), 403);
    await refused(getMatterDetails(admin, "mat_doesnotexist"), 404);
    await refused(getMatterDetails(admin, "mat_\u0000x'--"), 404);
  });

  it("refuses an analyst (403), a missing name and an unknown owner (422 with the field), writing nothing", async () => {
    const analyst = await createTestUser("analyst");
    const admin = await createTestUser("privacy_admin");
    const before = await getDb().matter.count();
    await refused(createMatter(as(analyst), { name: "Nope", legalReference: "X-1", description: "", ownerId: analyst.id }), 403);
    await refused(createMatter(as(admin), { name: "", legalReference: "X-1", description: "", ownerId: admin.id }), 422, "name");
    await refused(createMatter(as(admin), { name: "Nul\u0000name", legalReference: "X-1", description: "", ownerId: admin.id }), 422, "name");
    await refused(createMatter(as(admin), { name: "Real name", legalReference: "X-1", description: "", ownerId: "usr_nobody0000" }), 422, "ownerId");
    expect(await getDb().matter.count()).toBe(before);
  });

  it("does not close while a hold is active (409 naming it), and closes once the hold is released", async () => {
    const { admin, admin2, matterId } = await setup();
    const [person] = await firstIds(PEOPLE, 1);
    const holdId = await newHold(admin, matterId, [{ kind: "subject", value: person }], "Custodian mailbox hold");
    await activateHold(as(admin), { holdId, reason: REASON });
    const err = await refused(closeMatter(as(admin), { matterId, reason: "Case settled out of court" }), 409, "matterId");
    expect(err.message).toContain("Custodian mailbox hold");
    expect(err.message).toContain(holdId);
    expect((await getDb().matter.findUniqueOrThrow({ where: { id: matterId } })).status).toBe("open");
    expect((await holdEntries(`matter:${matterId}`)).map((e) => e.action)).not.toContain("holds.matter_closed");

    await requestHoldRelease(as(admin), { holdId, reason: "Case settled out of court" });
    // Still active while the release waits for its second signature.
    await refused(closeMatter(as(admin), { matterId, reason: "Case settled out of court" }), 409);
    await confirmHoldRelease(as(admin2), { holdId });
    await refused(closeMatter(as(admin), { matterId, reason: "" }), 422, "reason");
    await closeMatter(as(admin), { matterId, reason: "Case settled out of court" });
    const matter = await getDb().matter.findUniqueOrThrow({ where: { id: matterId } });
    expect([matter.status, matter.closedById, matter.closeReason]).toEqual(["closed", admin.id, "Case settled out of court"]);
    await refused(createHold(as(admin), { matterId, name: "Too late", targets: [{ kind: "subject", value: person }] }), 409, "matterId");
  });
});

describe("holds: bad input changes nothing", () => {
  it("refuses no target, an unknown person, booking group or dataset, and a backwards date range, each naming its field", async () => {
    const { admin, matterId } = await setup();
    const [person] = await firstIds(PEOPLE, 1);
    const [group] = await firstIds(BOOKINGS, 1);
    const before = { holds: await getDb().legalHold.count({ where: { matterId } }), targets: await getDb().legalHoldTarget.count() };
    const entriesBefore = await getDb().ledgerEntry.count({ where: { action: "holds.hold_created" } });
    const attempt = (targets: unknown) => createHold(as(admin), { matterId, name: "Bad hold", targets });

    expect((await refused(attempt([]), 422, "targets")).message).toMatch(/at least one target/);
    await refused(attempt(undefined), 422, "targets");
    const unknownPerson = await refused(
      attempt([
        { kind: "subject", value: person },
        { kind: "subject", value: "usr_doesnotexist1" },
      ]),
      422,
      "targets.1.value",
    );
    expect(unknownPerson.message).toMatch(/No person with this id/);
    await refused(attempt([{ kind: "subject", value: "someone" }]), 422, "targets.0.value");
    await refused(
      attempt([
        { kind: "booking_group", value: group },
        { kind: "booking_group", value: "lbg_doesnotexist1" },
      ]),
      422,
      "targets.1.value",
    );
    await refused(attempt([{ kind: "dataset", value: "marketplace.nothing@1" }]), 422, "targets.0.value");
    await refused(
      attempt([{ kind: "date_range", value: "marketplace.payouts@9", fromDay: "2024-01-01", toDay: "2024-02-01" }]),
      422,
      "targets.0.value",
    );
    const backwards = await refused(
      attempt([{ kind: "date_range", value: PEOPLE, fromDay: "2024-03-01", toDay: "2024-02-01" }]),
      422,
      "targets.0.toDay",
    );
    expect(backwards.message).toMatch(/backwards/);
    await refused(attempt([{ kind: "date_range", value: PEOPLE, fromDay: "2024-02-30", toDay: "2024-03-01" }]), 422, "targets.0.fromDay");
    await refused(
      attempt([
        { kind: "subject", value: person },
        { kind: "subject", value: person },
      ]),
      422,
      "targets.1.value",
    );
    await refused(attempt([{ kind: "everything", value: "x" }]), 422, "targets.0.kind");
    await refused(createHold(as(admin), { matterId, name: "", targets: [{ kind: "subject", value: person }] }), 422, "name");

    expect(await getDb().legalHold.count({ where: { matterId } })).toBe(before.holds);
    expect(await getDb().legalHoldTarget.count()).toBe(before.targets);
    expect(await getDb().ledgerEntry.count({ where: { action: "holds.hold_created" } })).toBe(entriesBefore);
  });

  it("refuses a release without a reason (422 on reason) and leaves the hold active with no request", async () => {
    const { admin, matterId } = await setup();
    const [person] = await firstIds(PEOPLE, 1);
    const holdId = await newHold(admin, matterId, [{ kind: "subject", value: person }]);
    await refused(activateHold(as(admin), { holdId, reason: "" }), 422, "reason");
    expect((await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } })).status).toBe("draft");
    await activateHold(as(admin), { holdId, reason: REASON });
    const before = await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } });
    await refused(requestHoldRelease(as(admin), { holdId, reason: "" }), 422, "reason");
    await refused(requestHoldRelease(as(admin), { holdId, reason: "   " }), 422, "reason");
    const after = await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } });
    expect(after).toEqual(before);
    expect(after.releaseRequestedById).toBeNull();
    expect((await holdEntries(`hold:${holdId}`)).map((e) => e.action)).toEqual(["holds.hold_created", "holds.hold_activated"]);
    // The refusals themselves are evidence: recorded as refused attempts, not as changes.
    const denied = await getDb().ledgerEntry.findMany({ where: { resource: `hold:${holdId}`, action: "governance.action_refused" } });
    expect(denied.map((e) => JSON.parse(e.payload ?? "{}").attempted)).toEqual(["activate_hold", "request_hold_release", "request_hold_release"]);
  });
});

describe("holds: life cycle", () => {
  it("edits a draft's targets (version bumped, ledgered), then fixes them once active", async () => {
    const { admin, matterId } = await setup();
    const [p1, p2] = await firstIds(PEOPLE, 2);
    const holdId = await newHold(admin, matterId, [{ kind: "subject", value: p1 }]);
    expect((await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } })).version).toBe(1);
    // The same targets again: no change, no entry.
    expect((await updateHoldTargets(as(admin), { holdId, targets: [{ kind: "subject", value: p1 }] })).version).toBe(1);
    const targets: HoldTarget[] = [
      { kind: "subject", value: p2 },
      { kind: "date_range", value: PEOPLE, fromDay: "2020-01-01", toDay: "2020-12-31" },
    ];
    expect((await updateHoldTargets(as(admin), { holdId, targets })).version).toBe(2);
    await refused(updateHoldTargets(as(admin), { holdId, targets: [] }), 422, "targets");
    const { version } = await activateHold(as(admin), { holdId, reason: REASON });
    expect(version).toBe(3);
    const active = (await activeHoldTargets()).find((h) => h.id === holdId);
    expect(active).toEqual({ id: holdId, version: 3, matterId, name: "Payout records", targets });
    await refused(updateHoldTargets(as(admin), { holdId, targets: [{ kind: "subject", value: p1 }] }), 409, "holdId");
    await refused(activateHold(as(admin), { holdId, reason: REASON }), 409, "holdId");
    const entries = await holdEntries(`hold:${holdId}`);
    expect(entries.map((e) => e.action)).toEqual(["holds.hold_created", "holds.hold_targets_changed", "holds.hold_activated"]);
    expect(entries[2].purpose).toBe(REASON);
    expect(JSON.parse(entries[2].payload ?? "{}")).toMatchObject({ matter_id: matterId, version: 3 });
  });

  it("needs two privacy admins to release: the requester can neither confirm nor reject; another rejects, then confirms", async () => {
    const { admin, admin2, matterId } = await setup();
    const analyst = await createTestUser("analyst");
    const [person] = await firstIds(PEOPLE, 1);
    const holdId = await newHold(admin, matterId, [{ kind: "subject", value: person }]);
    await refused(requestHoldRelease(as(admin), { holdId, reason: "Not active yet, so nothing to release" }), 409, "holdId");
    await activateHold(as(admin), { holdId, reason: REASON });
    await refused(confirmHoldRelease(as(admin2), { holdId }), 409, "holdId");
    await requestHoldRelease(as(admin), { holdId, reason: "Matter resolved by settlement" });
    await refused(requestHoldRelease(as(admin2), { holdId, reason: "Asking again for the same" }), 409, "holdId");

    const self = await refused(confirmHoldRelease(as(admin), { holdId }), 403, "holdId");
    expect(self.message).toMatch(/another privacy admin/);
    await refused(rejectHoldRelease(as(admin), { holdId, reason: "Changed my mind about it" }), 403, "holdId");
    await refused(confirmHoldRelease(as(analyst), { holdId }), 403);
    expect((await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } })).status).toBe("active");
    expect((await activeHoldTargets()).some((h) => h.id === holdId)).toBe(true);

    await refused(rejectHoldRelease(as(admin2), { holdId, reason: "" }), 422, "reason");
    await rejectHoldRelease(as(admin2), { holdId, reason: "Appeal window still open" });
    const kept = await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } });
    expect([kept.status, kept.releaseRequestedById]).toEqual(["active", null]);

    await requestHoldRelease(as(admin2), { holdId, reason: "Appeal window closed" });
    await confirmHoldRelease(as(admin), { holdId });
    const released = await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } });
    expect([released.status, released.releasedById, released.releaseRequestedById]).toEqual(["released", admin.id, admin2.id]);
    expect(released.version).toBe(6);
    expect((await activeHoldTargets()).some((h) => h.id === holdId)).toBe(false);
    expect((await holdEntries(`hold:${holdId}`)).map((e) => [e.action, e.actorId])).toEqual([
      ["holds.hold_created", admin.id],
      ["holds.hold_activated", admin.id],
      ["holds.release_requested", admin.id],
      ["holds.release_rejected", admin2.id],
      ["holds.release_requested", admin2.id],
      ["holds.hold_released", admin.id],
    ]);
    // The requester hears of both decisions.
    const told = await getDb().notification.findMany({
      where: { userId: { in: [admin.id, admin2.id] }, kind: { in: ["holds.release_rejected", "holds.hold_released"] } },
    });
    expect(told.map((n) => [n.userId, n.kind]).sort()).toEqual(
      [
        [admin.id, "holds.release_rejected"],
        [admin2.id, "holds.hold_released"],
      ].sort(),
    );
  });

  it("refuses to activate while a purge batch holds the lease (409, nothing written), and activates once it is released", async () => {
    const { admin, matterId } = await setup();
    const [person] = await firstIds(PEOPLE, 1);
    const holdId = await newHold(admin, matterId, [{ kind: "subject", value: person }]);
    const runId = `prg_leasetest${Date.now().toString(36)}`;
    expect(await getDb().$transaction((tx) => acquirePurgeLease(tx, runId, 1))).toBe(true);
    try {
      const err = await refused(activateHold(as(admin), { holdId, reason: REASON }, { waitMs: 500 }), 409);
      expect(err.message).toMatch(/purge batch/);
      const row = await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } });
      expect([row.status, row.version, row.activatedAt]).toEqual(["draft", 1, null]);
      expect((await holdEntries(`hold:${holdId}`)).map((e) => e.action)).toEqual(["holds.hold_created"]);

      // A batch that ends while the activation waits: the activation goes through.
      const waiting = activateHold(as(admin), { holdId, reason: REASON }, { waitMs: 30_000 });
      await new Promise((r) => setTimeout(r, 300));
      await getDb().$transaction((tx) => releasePurgeLease(tx, runId));
      expect((await waiting).version).toBe(2);
    } finally {
      await getDb().$transaction((tx) => releasePurgeLease(tx, runId));
    }
    expect((await getDb().legalHold.findUniqueOrThrow({ where: { id: holdId } })).status).toBe("active");
    expect((await holdEntries(`hold:${holdId}`)).map((e) => e.action)).toEqual(["holds.hold_created", "holds.hold_activated"]);
  });
});

describe("custodians", () => {
  it("notifies a custodian, who alone acknowledges (time recorded and ledgered); anyone else is refused", async () => {
    const { admin, matterId } = await setup();
    const analyst = await createTestUser("analyst", "custodian");
    const other = await createTestUser("analyst", "not-custodian");
    await addCustodian(as(admin), { matterId, userId: analyst.id });
    await refused(addCustodian(as(admin), { matterId, userId: analyst.id }), 409, "userId");
    await refused(addCustodian(as(admin), { matterId, userId: "usr_nobody0000" }), 422, "userId");
    await refused(addCustodian(as(analyst), { matterId, userId: other.id }), 403);
    const notice = await getDb().notification.findFirstOrThrow({ where: { userId: analyst.id, kind: "holds.custodian_notice" } });
    expect(notice.href).toBe(`/holds/${matterId}/acknowledge`);

    await refused(acknowledgeCustodianNotice(as(other), { matterId }), 403, "matterId");
    await refused(acknowledgeCustodianNotice(as(admin), { matterId }), 403, "matterId");
    expect(
      (await getDb().matterCustodian.findUniqueOrThrow({ where: { matterId_userId: { matterId, userId: analyst.id } } })).acknowledgedAt,
    ).toBeNull();

    const { acknowledgedAt } = await acknowledgeCustodianNotice(as(analyst), { matterId });
    await refused(acknowledgeCustodianNotice(as(analyst), { matterId }), 409);
    const details = await getMatterDetails(admin, matterId);
    expect(details.custodians.map((c) => [c.id, c.acknowledgedAt?.getTime()])).toEqual([[analyst.id, acknowledgedAt.getTime()]]);

    await removeCustodian(as(admin), { matterId, userId: analyst.id });
    await refused(removeCustodian(as(admin), { matterId, userId: analyst.id }), 404, "userId");
    const entries = await holdEntries(`matter:${matterId}`);
    expect(entries.map((e) => [e.action, e.actorId, e.recordId])).toEqual([
      ["holds.matter_created", admin.id, matterId],
      ["holds.custodian_added", admin.id, analyst.id],
      ["holds.custodian_acknowledged", analyst.id, analyst.id],
      ["holds.custodian_removed", admin.id, analyst.id],
    ]);
  });
});

describe("what the holds protect", () => {
  it("counts protected records per dataset with the purge's predicate, and names the matter on the person's notice", async () => {
    const { admin, matterId } = await setup();
    const [person] = await firstIds(PEOPLE, 1);
    const [group] = await firstIds(BOOKINGS, 1);
    const targets: HoldTarget[] = [
      { kind: "subject", value: person },
      { kind: "booking_group", value: group },
    ];
    const counts = await recordsProtected(targets);
    // The oracle: every row of each dataset tested in memory (holdCovers) against the same targets.
    for (const dataset of Object.values(WAREHOUSE_DATASETS)) {
      const columns = [
        ...new Set([...dataset.subjectColumns, ...(dataset.bookingGroupColumn ? [dataset.bookingGroupColumn] : []), dataset.dateColumn]),
      ];
      const order = [dataset.recordId, ...columns.filter((c) => c !== dataset.recordId)];
      let expected = 0;
      for await (const batch of getWarehouse().streamRows(dataset.ref, { columns, filters: {} })) {
        for (const values of batch) {
          const row = Object.fromEntries(order.map((c, i) => [c, values[i]]));
          if (targets.some((t) => holdCovers(dataset, t, row))) expected++;
        }
      }
      const got = counts.find((c) => c.dataset === dataset.ref);
      expect(got, dataset.ref).toEqual({ dataset: dataset.ref, count: expected, capped: false });
      expect(expected, dataset.ref).toBeGreaterThan(0);
    }
    expect(counts.find((c) => c.dataset === PEOPLE)?.count).toBe(1);
    const capped = await recordsProtected([{ kind: "dataset", value: PEOPLE }], 5);
    expect(capped).toEqual([{ dataset: PEOPLE, count: 5, capped: true }]);

    const before = await holdsSummary();
    const holdId = await newHold(admin, matterId, targets);
    expect(await activeHoldsForSubject(person)).not.toContainEqual(expect.objectContaining({ holdId }));
    await activateHold(as(admin), { holdId, reason: REASON });
    expect(await activeHoldsForSubject(person)).toContainEqual({
      holdId,
      holdName: "Payout records",
      matterId,
      matterName: "Acme v. Marketplace",
      via: "subject",
    });
    const after = await holdsSummary();
    expect(after.activeHolds).toBe(before.activeHolds + 1);
    expect(after.openMatters).toBeGreaterThanOrEqual(1);
    expect(after.recordsUnderHold.count).toBeGreaterThanOrEqual(before.recordsUnderHold.count);

    // A whole-dataset hold on people reaches every person, though it names none.
    const [, someoneElse] = await firstIds(PEOPLE, 2);
    const wide = await newHold(admin, matterId, [{ kind: "dataset", value: PEOPLE }], "Whole people table");
    expect((await activeHoldsForSubject(someoneElse)).some((h) => h.holdId === wide)).toBe(false);
    await activateHold(as(admin), { holdId: wide, reason: REASON });
    expect(await activeHoldsForSubject(someoneElse)).toContainEqual(expect.objectContaining({ holdId: wide, via: "dataset" }));
    await getDb().legalHold.update({ where: { id: wide }, data: { status: "released" } });
  });
});
