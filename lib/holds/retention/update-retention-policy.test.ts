// Retention policy versions: each edit adds version n+1 as current with its ledger entry in one unit of work; bad input
// is refused with the field named and changes nothing; the demo defaults are valid terms and seed once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { currentRetentionPolicies } from "./current-policies";
import { listRetentionPolicies } from "./list-retention-policies";
import { RETENTION_DEFAULTS, seedRetentionDefaults } from "./retention-defaults";
import { parseStateOverrides, RETENTION_POLICY_CHANGED, ZRetentionPolicyEdit } from "./retention-terms";
import { updateRetentionPolicy } from "./update-retention-policy";

const EVENTS = "marketplace.events@1";
let admin: Actor;
let auditor: Actor;

// Test files share one database: start and end with no policies, as a fresh console has.
const clear = () => getDb().retentionPolicy.deleteMany({});
beforeAll(async () => {
  admin = await createTestUser("privacy_admin");
  auditor = await createTestUser("auditor");
  await clear();
});
afterAll(clear);

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const entriesAfter = (seq: number) => getDb().ledgerEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
const edit = (changes: Record<string, unknown> = {}) => ({
  dataset: EVENTS,
  days: 90,
  dateColumn: "occurred_at",
  legalBasis: "Storage limitation: raw events serve debugging for a quarter.",
  stateOverrides: {},
  changeReason: "Quarterly retention review PRIV-7",
  ...changes,
});

/** A call that must be refused: its status and field, and that it wrote no policy and no retention.policy_changed. */
async function refused(run: () => Promise<unknown>) {
  const before = await ledgerHeadSeq();
  const rowsBefore = await getDb().retentionPolicy.count();
  const err = await run().then(
    () => new Error("expected a refusal, but the call succeeded"),
    (e: unknown) => e,
  );
  const { status, body } = toErrorResponse(err);
  expect(await getDb().retentionPolicy.count(), "no policy row written").toBe(rowsBefore);
  const entries = await entriesAfter(before);
  expect(entries.map((e) => e.action)).not.toContain(RETENTION_POLICY_CHANGED);
  return { status, field: body.error.field, message: body.error.message, entries };
}

describe("updateRetentionPolicy", () => {
  it("creates version 1, then each edit adds the next version as current, with old and new terms in the ledger", async () => {
    const before = await ledgerHeadSeq();
    const v1 = await updateRetentionPolicy(as(admin), edit());
    expect(v1).toMatchObject({ datasetRef: EVENTS, version: 1, terms: { days: 90, dateColumn: "occurred_at", stateOverrides: {} } });
    const v2 = await updateRetentionPolicy(as(admin), edit({ days: 60, stateOverrides: { CA: 120 }, baseVersion: 1 }));
    expect(v2.version).toBe(2);

    const current = (await currentRetentionPolicies()).filter((p) => p.datasetRef === EVENTS);
    expect(current).toEqual([
      {
        id: v2.id,
        datasetRef: EVENTS,
        version: 2,
        terms: { days: 60, dateColumn: "occurred_at", stateOverrides: { CA: 120 } },
        legalBasis: edit().legalBasis,
      },
    ]);
    const rows = await getDb().retentionPolicy.findMany({ where: { datasetKey: "marketplace.events" }, orderBy: { version: "asc" } });
    expect(rows.map((r) => [r.version, r.current, r.days, r.createdById, r.changeReason])).toEqual([
      [1, false, 90, admin.id, "Quarterly retention review PRIV-7"],
      [2, true, 60, admin.id, "Quarterly retention review PRIV-7"],
    ]);

    const entries = (await entriesAfter(before)).filter((e) => e.action === RETENTION_POLICY_CHANGED);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ actorId: admin.id, resource: `dataset:${EVENTS}`, recordId: v2.id, privacyTier: "none", decision: "allow" });
    const payload = JSON.parse(entries[1].payload!);
    expect(payload).toMatchObject({
      dataset: EVENTS,
      from_version: 1,
      to_version: 2,
      old: { days: 90, date_column: "occurred_at", state_overrides: {} },
      new: { days: 60, date_column: "occurred_at", state_overrides: { CA: 120 } },
    });
    expect(payload.new.legal_basis_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(entries[0].payload!)).toMatchObject({ from_version: null, old: null, new: { days: 90 } });

    const listed = (await listRetentionPolicies(auditor)).find((d) => d.datasetRef === EVENTS)!;
    expect(listed.current?.version).toBe(2);
    expect(listed.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(listed.versions[0].createdByEmail).toMatch(/@/);
  });

  it.each([
    ["negative days", { days: -5 }, "days", /1 or more/],
    ["zero days", { days: 0 }, "days", /1 or more/],
    ["fractional days", { days: 1.5 }, "days", /whole number/],
    ["an unknown date column", { dateColumn: "date_of_birth" }, "dateColumn", /not a date column of marketplace\.events@1: count from occurred_at/],
    ["an empty legal basis", { legalBasis: "   " }, "legalBasis", /legal basis/],
    ["a state code that is not two capitals", { stateOverrides: { Cal: 200 } }, "stateOverrides", /two capital letters/],
    ["a state that does not exist", { stateOverrides: { ZZ: 200 } }, "stateOverrides", /ZZ is not a US state/],
    ["a negative override", { stateOverrides: { CA: -1 } }, "stateOverrides", /negative/],
    ["an override no longer than the base", { stateOverrides: { CA: 30 } }, "stateOverrides", /never apply/],
    ["an unknown dataset", { dataset: "marketplace.nope@1" }, "dataset", /dataset of the warehouse/],
    ["no change reason", { changeReason: "" }, "changeReason", /reason/],
  ])("refuses %s, naming the field", async (_label, changes, field, message) => {
    const r = await refused(() => updateRetentionPolicy(as(admin), edit(changes)));
    expect(r.status).toBe(422);
    expect(r.field).toBe(field);
    expect(r.message).toMatch(message);
    // The refusal itself is evidence: one deny entry, no change entry.
    expect(r.entries.map((e) => [e.action, e.decision])).toEqual([["governance.action_refused", "deny"]]);
  });

  it("refuses an edit that changes nothing, and one made on a stale version", async () => {
    const current = (await currentRetentionPolicies()).find((p) => p.datasetRef === EVENTS)!;
    const same = { days: current.terms.days, stateOverrides: current.terms.stateOverrides };
    expect((await refused(() => updateRetentionPolicy(as(admin), edit(same)))).message).toMatch(/Nothing changed/);
    const stale = await refused(() => updateRetentionPolicy(as(admin), edit({ days: 30, baseVersion: current.version - 1 })));
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(new RegExp(`now version ${current.version}`));
  });

  it("refuses someone without retention.manage, and lets an auditor read but not list-edit", async () => {
    const r = await refused(() => updateRetentionPolicy(as(auditor), edit({ days: 45 })));
    expect(r.status).toBe(403);
    expect((await listRetentionPolicies(auditor)).length).toBeGreaterThan(0);
    const analyst = await createTestUser("analyst");
    await expect(listRetentionPolicies(analyst)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("reads the form's overrides text, keeping what is malformed for the schema to refuse", () => {
    expect(parseStateOverrides("il=3653, NY: 2922\nTX = 100")).toEqual({ IL: 3653, NY: 2922, TX: 100 });
    expect(parseStateOverrides("")).toEqual({});
    const bad = parseStateOverrides("California");
    expect(Object.keys(bad)).toEqual(["CALIFORNIA"]);
    expect(ZRetentionPolicyEdit.safeParse({ ...edit(), stateOverrides: bad }).success).toBe(false);
  });
});

describe("retention defaults", () => {
  it("are valid terms on a date column of their dataset, and the overrides really are longer", () => {
    for (const d of RETENTION_DEFAULTS) {
      const parsed = ZRetentionPolicyEdit.safeParse({ dataset: d.datasetRef, ...d.terms, legalBasis: d.legalBasis });
      expect(parsed.success, `${d.datasetRef}: ${parsed.error?.issues[0]?.message}`).toBe(true);
    }
    expect(RETENTION_DEFAULTS.map((d) => d.datasetRef).sort()).toEqual([
      "marketplace.background_checks@1",
      "marketplace.booking_legs@1",
      "marketplace.bookings@1",
      "marketplace.events@1",
      "marketplace.people@1",
    ]);
  });

  it("seed version 1 where a dataset has no policy, ledgered as the system, and leave an admin's version alone", async () => {
    const before = await ledgerHeadSeq();
    const seeded = await seedRetentionDefaults(testMeta());
    // EVENTS already has an admin's policy from the tests above.
    expect(seeded).not.toContain(EVENTS);
    expect(seeded).toHaveLength(RETENTION_DEFAULTS.length - 1);
    const entries = (await entriesAfter(before)).filter((e) => e.action === RETENTION_POLICY_CHANGED);
    expect(entries).toHaveLength(seeded.length);
    expect(entries.every((e) => e.actorId === null && e.actorRole === "system")).toBe(true);
    expect(await seedRetentionDefaults(testMeta())).toEqual([]);
    const policies = await currentRetentionPolicies();
    expect(policies.find((p) => p.datasetRef === EVENTS)?.version).toBeGreaterThan(1);
    expect(policies.find((p) => p.datasetRef === "marketplace.bookings@1")).toMatchObject({
      version: 1,
      terms: { days: 2557, dateColumn: "booked_at", stateOverrides: { IL: 3653 } },
    });
  });
});
