import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { getPerson } from "@/lib/people/get-person";
import { createTestUser, dialect, ledgerHeadSeq, rawExec, testMeta } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { readAccessVersion } from "./access-version";
import { DEMO_CATALOG } from "./demo-catalog";
import { listCatalog } from "./list-catalog";
import { listCatalogChanges } from "./list-catalog-changes";
import { seedCatalog } from "./seed-catalog";
import { CATALOG_COLUMN_CHANGED, parseDatasetRef, updateCatalogColumn, type TCatalogColumnEdit } from "./update-catalog-column";

// Test files share one database: the demo catalog is put back afterwards.
const PEOPLE = "marketplace.people@1";
let admin: Actor;
let analyst: Actor;
let auditor: Actor;
let personId: string;

beforeAll(async () => {
  admin = await createTestUser("privacy_admin");
  analyst = await createTestUser("analyst");
  auditor = await createTestUser("auditor");
  const [row] = await getWarehouse().searchPeople("ma", { limit: 1, columns: ["person_id"] });
  personId = String(row.person_id);
});

afterAll(async () => {
  await seedCatalog(DEMO_CATALOG);
});

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const entriesAfter = (seq: number) => getDb().ledgerEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
const columnNow = async (name: string) => {
  const people = (await listCatalog(auditor)).find((d) => d.ref === PEOPLE)!;
  return people.columns.find((c) => c.name === name)!;
};
const edit = (changes: Partial<TCatalogColumnEdit> = {}): TCatalogColumnEdit => ({
  dataset: PEOPLE,
  column: "city",
  tier: "pii_basic",
  maskRule: "null",
  reason: "Quarterly catalog review PRIV-12",
  ...changes,
});

/** Runs a call that must be refused: its status, field, and what it wrote (only the refusal's own deny entry). */
async function refused(run: () => Promise<unknown>) {
  const before = await ledgerHeadSeq();
  const catalogBefore = JSON.stringify(await listCatalog(auditor));
  const versionBefore = await readAccessVersion();
  const err = await run().then(
    () => new Error("expected a refusal, but the call succeeded"),
    (e: unknown) => e,
  );
  const { status, body } = toErrorResponse(err);
  const entries = await entriesAfter(before);
  expect(JSON.stringify(await listCatalog(auditor)), "the catalog is unchanged").toBe(catalogBefore);
  expect(await readAccessVersion(), "no access-version bump").toBe(versionBefore);
  expect(entries.map((e) => e.action)).toEqual(["governance.action_refused"]);
  expect(entries[0]).toMatchObject({ decision: "deny", actorId: expect.any(String) });
  return { status, message: body.error.message, field: body.error.field };
}

describe("updateCatalogColumn", () => {
  it("changes the rule, ledgers old and new with the reason, and the next gateway read masks by the new rule", async () => {
    const first = await getPerson(analyst, { personId, purpose: "Support ticket SUP-77" }, testMeta());
    expect(first.rows[0].cells.city).toMatchObject({ state: "masked", value: "••••••" });

    const before = await ledgerHeadSeq();
    const versionBefore = await readAccessVersion();
    const change = await updateCatalogColumn(as(admin), edit({ maskRule: "withhold" }));
    expect(change).toMatchObject({ dataset: PEOPLE, column: "city", old: { tier: "pii_basic", maskRule: "redact" }, new: { maskRule: "withhold" } });

    const entries = await entriesAfter(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      seq: change.ledgerSeq,
      action: CATALOG_COLUMN_CHANGED,
      actorId: admin.id,
      actorRole: "privacy_admin",
      resource: `dataset:${PEOPLE}`,
      recordId: "city",
      privacyTier: "pii_basic",
      decision: "allow",
      purpose: "Quarterly catalog review PRIV-12",
    });
    expect(JSON.parse(entries[0].payload!)).toEqual({
      dataset: PEOPLE,
      column: "city",
      old: { tier: "pii_basic", mask_rule: "redact" },
      new: { tier: "pii_basic", mask_rule: "withhold" },
      reason: "Quarterly catalog review PRIV-12",
    });
    expect(await readAccessVersion()).toBe(versionBefore + 1);
    expect(await columnNow("city")).toMatchObject({ maskRule: "withhold", maskLabel: "Withhold (not shown at all)" });

    // The very next read (its policy was cached under the old access version) decides on the new rule.
    const next = await getPerson(analyst, { personId, purpose: "Support ticket SUP-77" }, testMeta());
    expect(next.rows[0].cells.city.state).toBe("withheld");
    const read = await getDb().ledgerEntry.findUniqueOrThrow({ where: { seq: next.ledgerSeq } });
    expect(JSON.parse(read.columnsDenied)).toContain("city");
  });

  it("changes the tier: a column raised to pii_tax is masked for a pii_basic holder on the next read", async () => {
    await updateCatalogColumn(as(admin), edit({ tier: "pii_tax", maskRule: "redact", reason: "City is sensitive in small towns" }));
    const after = await columnNow("city");
    expect(after).toMatchObject({ tier: "pii_tax", maskRule: "redact" });
    const changes = await listCatalogChanges(auditor, PEOPLE);
    expect(changes[0]).toMatchObject({
      column: "city",
      old: { tier: "pii_basic", maskRule: "withhold" },
      new: { tier: "pii_tax", maskRule: "redact" },
      reason: "City is sensitive in small towns",
    });
    expect(changes[1]).toMatchObject({ column: "city", new: { maskRule: "withhold" } });
  });

  it("commits the change and its ledger entry together: when the append fails, the column keeps its rule", async () => {
    const before = await columnNow("email");
    const version = await readAccessVersion();
    const head = await ledgerHeadSeq();
    // A ledger outage for this one call: the table refuses inserts.
    const sqlite = dialect() === "sqlite";
    await rawExec(
      sqlite
        ? "CREATE TRIGGER test_catalog_ledger_down BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END;"
        : "CREATE FUNCTION test_catalog_ledger_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ledger unavailable'; END; $$; CREATE TRIGGER test_catalog_ledger_down BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION test_catalog_ledger_down();",
    );
    let err: unknown;
    try {
      err = await updateCatalogColumn(as(admin), edit({ column: "email", maskRule: "token" })).catch((e: unknown) => e);
    } finally {
      await rawExec(
        sqlite
          ? "DROP TRIGGER test_catalog_ledger_down"
          : "DROP TRIGGER test_catalog_ledger_down ON ledger_entries; DROP FUNCTION test_catalog_ledger_down();",
      );
    }
    expect(toErrorResponse(err)).toMatchObject({ status: 503 });
    expect(await columnNow("email")).toEqual(before);
    expect(await readAccessVersion()).toBe(version);
    expect(await ledgerHeadSeq()).toBe(head);
  });

  it.each([
    ["an unknown dataset", { dataset: "marketplace.nothing@1" }, 404, "dataset"],
    ["a malformed dataset", { dataset: "people" }, 422, "dataset"],
    ["an unknown column", { column: "shoe_size" }, 404, "column"],
    ["an unknown rule", { maskRule: "last4" }, 422, "maskRule"],
    ["an unknown tier", { tier: "pii_secret" }, 422, "tier"],
    ["tier none with a mask", { tier: "none", maskRule: "redact" }, 422, "maskRule"],
    ["a restricted tier with rule none", { tier: "pii_sensitive", maskRule: "none" }, 422, "maskRule"],
    ["no reason", { reason: "" }, 422, "reason"],
    ["a reason carrying PII", { reason: "Asked by jane.doe@example.com on 555-0100" }, 422, "reason"],
    ["the record id column made restricted", { column: "person_id", tier: "pii_basic", maskRule: "token" }, 422, "tier"],
  ] as const)("refuses %s, naming the field, and changes nothing", async (_label, changes, status, field) => {
    const r = await refused(() => updateCatalogColumn(as(admin), edit(changes as Partial<TCatalogColumnEdit>)));
    expect(r).toMatchObject({ status, field });
  });

  it("refuses a change that changes nothing, and an edit made on a stale view (409)", async () => {
    const now = await columnNow("phone");
    const same = await refused(() => updateCatalogColumn(as(admin), edit({ column: "phone", tier: now.tier, maskRule: now.maskRule })));
    expect(same).toMatchObject({ status: 422, message: expect.stringMatching(/Nothing changed/) });
    const stale = await refused(() =>
      updateCatalogColumn(
        as(admin),
        edit({ column: "phone", tier: "pii_sensitive", maskRule: "redact", base: { tier: "pii_basic", maskRule: "none" } }),
      ),
    );
    expect(stale.status).toBe(409);
  });

  it("lets exactly one of two simultaneous edits of the same column through; the other is refused with 409", async () => {
    const now = await columnNow("phone");
    const base = { tier: now.tier, maskRule: now.maskRule };
    const before = await ledgerHeadSeq();
    const results = await Promise.allSettled(
      (["redact", "token"] as const).map((maskRule) =>
        updateCatalogColumn(as(admin), edit({ column: "phone", tier: "pii_sensitive", maskRule, base })),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => toErrorResponse(r.reason).status)).toEqual([409]);
    const changed = (await entriesAfter(before)).filter((e) => e.action === CATALOG_COLUMN_CHANGED);
    expect(changed).toHaveLength(1);
    expect(JSON.parse(changed[0].payload!).old).toEqual({ tier: base.tier, mask_rule: base.maskRule });
    expect((await columnNow("phone")).maskRule).toBe((won[0] as PromiseFulfilledResult<{ new: { maskRule: string } }>).value.new.maskRule);
  });

  it.each([
    ["an analyst", () => analyst],
    ["an auditor", () => auditor],
  ])("refuses %s (catalog.manage is the privacy admins')", async (_label, who) => {
    const r = await refused(() => updateCatalogColumn(as(who()), edit({ maskRule: "token" })));
    expect(r.status).toBe(403);
  });
});

describe("listCatalog", () => {
  it("lists every dataset key@version with each column's tier, rule and the rule's label, for every role", async () => {
    for (const viewer of [analyst, auditor, admin]) {
      const refs = (await listCatalog(viewer)).map((d) => d.ref);
      expect(refs).toEqual(expect.arrayContaining(["marketplace.booking_legs@1", "marketplace.bookings@1", PEOPLE]));
    }
    const tin = await columnNow("tin");
    expect(tin).toMatchObject({ tier: "pii_tax", maskRule: "show_last_4", maskLabel: "Last 4 characters", label: "TIN" });
  });
});

describe("parseDatasetRef", () => {
  it("reads key@version and nothing else", () => {
    expect(parseDatasetRef("marketplace.people@1")).toEqual({ key: "marketplace.people", version: 1 });
    for (const bad of ["marketplace.people", "@1", "x@0", "x@1.5", "X@1", "x@1@2", ""]) expect(parseDatasetRef(bad), bad).toBeNull();
  });
});
