// The SQLite warehouse connector: search semantics against a brute-force oracle, column whitelisting, hostile input.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SEARCH_LIMIT, openSqliteWarehouse, PEOPLE_COLUMNS, type WarehouseConnector } from "./connector";
import { generateDemoWarehouse } from "./generate-demo-warehouse";
import { toSearchKey } from "./schema";

type Person = { person_id: string; full_name: string; name_search: string; last_name_search: string };

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-warehouse-conn-"));
const file = path.join(dir, "warehouse.db");
let warehouse: WarehouseConnector;
let people: Person[];

beforeAll(() => {
  generateDemoWarehouse({ path: file, size: 2500, seed: 11 });
  const db = new Database(file, { readonly: true });
  people = db.prepare("SELECT person_id, full_name, name_search, last_name_search FROM people").all() as Person[];
  db.close();
  warehouse = openSqliteWarehouse(file);
});

afterAll(async () => {
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The documented semantics, computed the slow way over every row. */
function oracle(query: string, limit: number): string[] {
  const [first, ...rest] = toSearchKey(query).split(" ");
  return people
    .filter(
      (p) =>
        (p.name_search.startsWith(first) || p.last_name_search.startsWith(first)) &&
        rest.every((word) => ` ${p.name_search}`.includes(` ${word}`)),
    )
    .sort((a, b) => (a.name_search < b.name_search ? -1 : a.name_search > b.name_search ? 1 : a.person_id < b.person_id ? -1 : 1))
    .slice(0, limit)
    .map((p) => p.person_id);
}

const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.person_id);
const search = (query: string, limit = 20) => warehouse.searchPeople(query, { limit, columns: ["full_name"] });

describe("openSqliteWarehouse", () => {
  it("counts people", async () => {
    expect(await warehouse.countPeople()).toBe(2500);
  });

  it("gets one person with only the asked columns plus person_id", async () => {
    const { person_id } = people[0];
    const row = await warehouse.getPerson(person_id, ["email", "tin"]);
    expect(Object.keys(row ?? {}).sort()).toEqual(["email", "person_id", "tin"]);
    expect(row?.person_id).toBe(person_id);
    expect(await warehouse.getPerson(person_id, [...PEOPLE_COLUMNS])).toMatchObject({ person_id, full_name: people[0].full_name });
    expect(await warehouse.getPerson("usr_000000000000", ["email"])).toBeNull();
  });

  it("finds a person by exact id, whatever the case and surrounding spaces", async () => {
    const { person_id, full_name } = people[42];
    expect(await search(person_id)).toEqual([{ person_id, full_name }]);
    expect(ids(await search(`  ${person_id.toUpperCase()} `))).toEqual([person_id]);
    expect(await search("usr_zzzzzzzzzzzz")).toEqual([]);
  });

  it("matches names by full-name prefix, last-name prefix and word starts, like the oracle", async () => {
    const sample = people[7];
    const [firstName] = sample.full_name.split(" ");
    const lastName = sample.full_name.slice(firstName.length + 1);
    const queries = [
      "a",
      "ma",
      sample.full_name,
      sample.full_name.slice(0, firstName.length + 2),
      firstName,
      lastName,
      lastName.slice(0, 3),
      `${lastName} ${firstName}`,
      `${firstName.slice(0, 2)} ${lastName.slice(0, 2)}`,
      "de la",
      "o'",
    ];
    for (const q of queries) {
      const expected = oracle(q, 20);
      expect(ids(await search(q)), q).toEqual(expected);
      expect(expected.length, q).toBeGreaterThan(0);
    }
    expect((await search(sample.full_name)).map((r) => r.person_id)).toContain(sample.person_id);
    expect((await search(lastName, MAX_SEARCH_LIMIT)).map((r) => r.person_id)).toContain(sample.person_id);
  });

  it("ignores case and accents", async () => {
    const accented = people.find((p) => p.full_name !== p.full_name.normalize("NFD").replace(/\p{M}/gu, ""));
    expect(accented).toBeDefined();
    const plain = accented!.full_name.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase();
    expect(ids(await search(plain, MAX_SEARCH_LIMIT))).toContain(accented!.person_id);
    expect(ids(await search(accented!.full_name.toLowerCase(), MAX_SEARCH_LIMIT))).toContain(accented!.person_id);
  });

  it("honours the limit and orders by name, then id", async () => {
    const rows = await search("a", 7);
    expect(rows).toHaveLength(7);
    expect(ids(rows)).toEqual(oracle("a", 7));
  });

  it("treats SQL and LIKE syntax as plain text: no rows, no error", async () => {
    for (const q of ["' OR 1=1 --", "%", "_", "\\", "%a%", "a_", "a%", "'; DROP TABLE people; --", '" OR ""="', "\u0000"]) {
      expect(await search(q), q).toEqual([]);
    }
    expect(await warehouse.countPeople()).toBe(2500);
    expect(await search("   ")).toEqual([]);
  });

  it("rejects columns outside the people whitelist before touching SQL", async () => {
    await expect(warehouse.searchPeople("a", { limit: 5, columns: ["full_name", "password"] })).rejects.toThrow(/unknown people column.*"password"/);
    await expect(warehouse.searchPeople("a", { limit: 5, columns: ["name_search"] })).rejects.toThrow(/unknown people column/);
    await expect(warehouse.getPerson(people[0].person_id, ["email, (SELECT 1)"])).rejects.toThrow(/unknown people column/);
    await expect(warehouse.getPerson(people[0].person_id, ['tin" FROM people --'])).rejects.toThrow(/unknown people column/);
  });

  it("rejects limits outside 1..MAX_SEARCH_LIMIT", async () => {
    await expect(search("a", 0)).rejects.toThrow(RangeError);
    await expect(search("a", MAX_SEARCH_LIMIT + 1)).rejects.toThrow(RangeError);
    await expect(search("a", 2.5)).rejects.toThrow(RangeError);
  });

  it("explains how to create a missing warehouse instead of creating an empty one", () => {
    const missing = path.join(dir, "nope", "warehouse.db");
    expect(() => openSqliteWarehouse(missing)).toThrow(`demo warehouse not found at ${missing}; run \`npm run warden -- demo seed\``);
  });

  it("refuses calls after close", async () => {
    const other = openSqliteWarehouse(file);
    await other.close();
    await expect(other.countPeople()).rejects.toThrow(/closed/);
    await other.close(); // idempotent
  });
});
