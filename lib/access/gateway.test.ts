import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { getPerson } from "@/lib/people/get-person";
import { searchPeople } from "@/lib/people/search-people";
import { createTestUser, dialect, grantScopes, ledgerHeadSeq, rawExec, testMeta } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import type { Actor } from "@/lib/core/actor";

let analyst: Actor;
let analyst2: Actor;
let personId: string;
let lastName: string;
const purpose = "Support ticket SUP-1042";

beforeAll(async () => {
  analyst = await createTestUser("analyst");
  await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
  analyst2 = await createTestUser("analyst", "analyst2");
  const [row] = await getWarehouse().searchPeople("ma", { limit: 1, columns: ["person_id", "full_name"] });
  personId = String(row.person_id);
  lastName = String(row.full_name).split(" ").at(-1)!;
});

const ledgerAt = (seq: number) => getDb().ledgerEntry.findUniqueOrThrow({ where: { seq } });

describe("access gateway: a person's record", () => {
  it("shows what the analyst's grants cover and masks or withholds the rest, and ledgers it", async () => {
    const r = await getPerson(analyst, { personId, purpose }, testMeta());
    const cells = r.rows[0].cells;
    expect(cells.phone.state).toBe("clear");
    expect(cells.street_address.state).toBe("clear");
    expect(cells.full_name.state).toBe("clear");
    expect(cells.tin).toMatchObject({ state: "masked", value: expect.stringMatching(/^•••-••-\d{4}$/) });
    expect(cells.background_check_status.state).toBe("withheld");
    // Masked by the catalogue's own rules (demo catalog, decision 023): the amount rounded, the report reference a token.
    expect(cells.payout_1099_cents).toMatchObject({ state: "masked", value: expect.stringMatching(/^-?\d*0000$|^0$/) });
    expect(cells.background_check_ref).toMatchObject({ state: "masked", value: expect.stringMatching(/^(tok_[a-z2-7]{20})?$/) }); // empty: no report yet

    const entry = await ledgerAt(r.ledgerSeq);
    expect(entry).toMatchObject({
      actorId: analyst.id,
      action: "people.record_viewed",
      recordId: personId,
      purpose,
      decision: "mask",
      resource: "marketplace.people@1",
      rowCount: 1,
    });
    expect(JSON.parse(entry.columnsShown)).toEqual(expect.arrayContaining(["phone", "street_address"]));
    expect(JSON.parse(entry.columnsMasked)).toEqual(expect.arrayContaining(["tin", "payout_1099_cents", "background_check_ref"]));
    expect(JSON.parse(entry.columnsDenied)).toEqual(["background_check_status"]);
    expect(entry.privacyTier).toBe("background");
  });

  it("masks or withholds every personal column for an analyst with no grants", async () => {
    const r = await getPerson(analyst2, { personId, purpose }, testMeta());
    for (const col of r.columns) {
      const cell = r.rows[0].cells[col.name];
      if (col.tier === "none") expect(cell.state).toBe("clear");
      else expect(cell.state).not.toBe("clear");
    }
    expect(JSON.stringify(r.rows[0].cells)).not.toContain(lastName);
    expect((await ledgerAt(r.ledgerSeq)).actorId).toBe(analyst2.id);
  });

  it("fails closed: when the ledger append fails, nothing is returned and nothing is recorded", async () => {
    const before = await ledgerHeadSeq();
    const sqlite = dialect() === "sqlite";
    await rawExec(
      sqlite
        ? "CREATE TRIGGER test_ledger_down BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END;"
        : "CREATE FUNCTION test_ledger_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ledger unavailable'; END; $$; CREATE TRIGGER test_ledger_down BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION test_ledger_down();",
    );
    let returned: unknown = "nothing";
    try {
      returned = await getPerson(analyst, { personId, purpose }, testMeta());
    } catch (err) {
      // The caller learns the ledger is unavailable (503), with the cause kept for the log, and gets no data.
      expect(toErrorResponse(err)).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
      expect(String((err as Error).cause)).toMatch(/ledger unavailable/);
    } finally {
      await rawExec(sqlite ? "DROP TRIGGER test_ledger_down" : "DROP TRIGGER test_ledger_down ON ledger_entries; DROP FUNCTION test_ledger_down();");
    }
    expect(returned).toBe("nothing");
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("answers an unknown id with not found, and still records the attempt", async () => {
    const before = await ledgerHeadSeq();
    const err = await getPerson(analyst, { personId: "usr_doesnotexist0", purpose }, testMeta()).catch((e) => e);
    expect(toErrorResponse(err)).toMatchObject({ status: 404, body: { error: { field: "personId" } } });
    expect((await ledgerAt(before + 1)).rowCount).toBe(0);
  });

  it("rejects a missing purpose and a malformed id with the field named, before reading anything", async () => {
    const before = await ledgerHeadSeq();
    const noPurpose = toErrorResponse(await getPerson(analyst, { personId, purpose: "" }, testMeta()).catch((e) => e));
    expect(noPurpose).toMatchObject({ status: 422, body: { error: { field: "purpose" } } });
    const badId = toErrorResponse(await getPerson(analyst, { personId: "1; DROP TABLE people", purpose }, testMeta()).catch((e) => e));
    expect(badId).toMatchObject({ status: 422, body: { error: { field: "personId" } } });
    const huge = toErrorResponse(await getPerson(analyst, { personId, purpose: "x".repeat(5000) }, testMeta()).catch((e) => e));
    expect(huge).toMatchObject({ status: 422, body: { error: { field: "purpose" } } });
    expect(await ledgerHeadSeq()).toBe(before);
  });
});

describe("access gateway: the purpose", () => {
  it.each([
    ["Call Jane Doe jane.doe@example.com 555-0100", /email address and a phone number/],
    ["Payout for SSN 123-45-6789", /tax ID/],
    ["Refund to card 4111 1111 1111 1111", /payment card/],
  ])("refuses a purpose carrying personal data (%s) with a 422 naming why, before reading or recording anything", async (bad, why) => {
    const before = await ledgerHeadSeq();
    const err = await getPerson(analyst, { personId, purpose: bad }, testMeta()).catch((e: unknown) => e);
    const { status, body } = toErrorResponse(err);
    expect(status).toBe(422);
    expect(body.error.field).toBe("purpose");
    expect(body.error.message).toMatch(why);
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("accepts purposes with ticket ids, dates and amounts", async () => {
    for (const ok of ["Support ticket SUP-1042", "PRIV-2041 payout dispute 2026-11-29, $1,250.00", "Q3 2026 fraud review INC0012345"]) {
      await expect(getPerson(analyst, { personId, purpose: ok }, testMeta())).resolves.toMatchObject({ rows: [{ id: personId }] });
    }
  });
});

describe("access gateway: people search", () => {
  it("finds by last-name prefix with names in clear for pii_basic holders, ledgering the ids returned", async () => {
    const r = await searchPeople(analyst, { query: lastName.slice(0, 3), purpose }, testMeta());
    expect(r.rows.length).toBeGreaterThan(0);
    expect(
      r.rows.some(
        (row) => row.cells.full_name.state === "clear" && String((row.cells.full_name as { value: string }).value).includes(lastName.slice(0, 3)),
      ),
    ).toBe(true);
    const entry = await ledgerAt(r.ledgerSeq);
    expect(entry.action).toBe("people.searched");
    expect(entry.rowCount).toBe(r.rows.length);
    expect(JSON.parse(entry.payload!).record_ids).toEqual(r.rows.map((row) => row.id));
    expect(entry.payload).not.toContain(lastName.slice(0, 3)); // the query is kept as a keyed hash only
  });

  it("refuses name search without pii_basic, records the denial, but allows lookup by id", async () => {
    const before = await ledgerHeadSeq();
    const err = await searchPeople(analyst2, { query: lastName, purpose }, testMeta()).catch((e) => e);
    expect(toErrorResponse(err)).toMatchObject({ status: 403, body: { error: { field: "query" } } });
    const denied = await ledgerAt(before + 1);
    expect(denied).toMatchObject({ actorId: analyst2.id, decision: "deny", rowCount: 0 });
    expect(JSON.parse(denied.columnsDenied)).toEqual(["full_name"]);

    const byId = await searchPeople(analyst2, { query: personId.toUpperCase(), purpose }, testMeta());
    expect(byId.rows.map((r) => r.id)).toEqual([personId]);
    expect(byId.rows[0].cells.full_name.state).toBe("masked");
  });

  it("treats SQL-ish and wildcard input as plain text", async () => {
    for (const query of ["' OR 1=1 --", "%%", "__", "a%' UNION SELECT tin FROM people --"]) {
      const r = await searchPeople(analyst, { query, purpose }, testMeta());
      expect(r.rows).toEqual([]);
    }
    const tooLong = toErrorResponse(await searchPeople(analyst, { query: "x".repeat(101), purpose }, testMeta()).catch((e) => e));
    expect(tooLong).toMatchObject({ status: 422, body: { error: { field: "query" } } });
  });
});

describe("access gateway: which grants count", () => {
  const tin = async (who: Actor) => (await getPerson(who, { personId, purpose }, testMeta())).rows[0].cells.tin.state;

  afterEach(() => pinClock(null));

  it("honours a grant past its end time for nothing, before the expiry job has run", async () => {
    const holder = await createTestUser("analyst");
    const [grantId] = await grantScopes(holder.id, ["pii_tax"], { durationMinutes: 1440 });
    const grant = await getDb().grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(await tin(holder)).toBe("clear");

    pinClock(new Date(grant.expiresAt.getTime() - 1));
    expect(await tin(holder)).toBe("clear");
    pinClock(grant.expiresAt);
    expect(await tin(holder)).toBe("masked");
    // The job has not run: the row still says active; only the clock decided.
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: grantId } })).status).toBe("active");
  });

  it("honours a dataset-limited grant only for the datasets it names", async () => {
    const elsewhere = await createTestUser("analyst");
    await grantScopes(elsewhere.id, ["pii_tax"], { datasets: ["marketplace.bookings@1"] });
    expect(await tin(elsewhere)).toBe("masked");

    const here = await createTestUser("analyst");
    await grantScopes(here.id, ["pii_tax"], { datasets: ["marketplace.bookings@1", "marketplace.people@1"] });
    expect(await tin(here)).toBe("clear");
  });

  it.each(["not json", "{}", '"marketplace.people@1"', "null", "[null]", '[["marketplace.people@1"]]'])(
    "fails closed on a dataset limit it cannot read (%s)",
    async (stored) => {
      const holder = await createTestUser("analyst");
      const [grantId] = await grantScopes(holder.id, ["pii_tax"]);
      expect(await tin(holder)).toBe("clear");
      // As someone with direct database access might leave it.
      await rawExec(dialect() === "sqlite" ? "UPDATE grants SET datasets = ? WHERE id = ?" : "UPDATE grants SET datasets = $1 WHERE id = $2", [
        stored,
        grantId,
      ]);
      expect(await tin(holder)).toBe("masked");
    },
  );
});
