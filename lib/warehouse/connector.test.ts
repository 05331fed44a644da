// The warehouse connectors' contract, run on SQLite always and on PostgreSQL on the PostgreSQL test run, on the same
// generated data: search semantics against a brute-force oracle, column whitelisting, hostile input.
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { MAX_COUNT_CAP, MAX_SEARCH_LIMIT, openSqliteWarehouse, PEOPLE_COLUMNS, type WarehouseConnector } from "./connector";
import { openPgWarehouse } from "./pg-connector";
import { toSearchKey } from "./schema";
import { openTestWarehouse, testWarehouseDialects, type TestWarehouse } from "./test-warehouses";

type Person = { person_id: string; full_name: string; name_search: string; last_name_search: string };

const readPeople = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT person_id, full_name, name_search, last_name_search FROM people").all() as Person[];
  } finally {
    db.close();
  }
};

/** SQLite's BINARY order is UTF-8 byte order; comparing the bytes keeps the oracle independent of the connector's comparator. */
function byNameThenId(a: Person, b: Person): number {
  return Buffer.compare(Buffer.from(a.name_search), Buffer.from(b.name_search)) || Buffer.compare(Buffer.from(a.person_id), Buffer.from(b.person_id));
}

const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.person_id);

describe.each(testWarehouseDialects())("warehouse connector on %s", (dialect) => {
  let tw: TestWarehouse;
  let warehouse: WarehouseConnector;
  let people: Person[];
  /** Every person in result order, so the oracle filters instead of sorting per query. */
  let ranked: Person[];

  beforeAll(async () => {
    tw = await openTestWarehouse(dialect, { size: 2500, seed: 11 });
    people = readPeople(tw.sqliteFile);
    ranked = [...people].sort(byNameThenId);
    warehouse = tw.connector;
  }, 120_000);

  afterAll(async () => {
    await tw?.dispose();
  });

  /** The documented matching rule, computed the slow way over every row; keeps the order of `rows`. */
  function oracleMatches(query: string, rows: Person[] = ranked): Person[] {
    const [first, ...rest] = toSearchKey(query).split(" ").slice(0, 6);
    return rows.filter(
      (p) =>
        (p.name_search.startsWith(first) || p.last_name_search.startsWith(first)) && rest.every((word) => ` ${p.name_search}`.includes(` ${word}`)),
    );
  }

  /** The documented semantics, computed the slow way: `rows` must be in result order (see `ranked`). */
  function oracle(query: string, limit: number, rows: Person[] = ranked): string[] {
    return oracleMatches(query, rows)
      .slice(0, limit)
      .map((p) => p.person_id);
  }

  const search = (query: string, limit = 20) => warehouse.searchPeople(query, { limit, columns: ["full_name"] });

  describe("the contract", () => {
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
      const rows = await search("ma", 7);
      expect(rows).toHaveLength(7);
      expect(ids(rows)).toEqual(oracle("ma", 7));
    });

    it("returns exactly the oracle's first rows for every prefix in the data, one to three words, accented or not", async () => {
      const words = new Set<string>();
      for (const p of people) for (const w of p.name_search.split(" ")) words.add(w);
      const prefixes = new Set<string>();
      for (const w of words) for (let n = 2; n <= Math.min(3, w.length); n++) prefixes.add(w.slice(0, n));
      const sample = people.filter((_, i) => i % 97 === 0);
      const multiWord = sample.flatMap((p) => {
        const [first, ...last] = p.full_name.split(" ");
        return [
          `${first.slice(0, 2)} ${last.join(" ").slice(0, 2)}`,
          `${last.join(" ")} ${first.slice(0, 3)}`,
          `${p.full_name.slice(0, 4)} ${first}`,
        ];
      });
      const accentedNames = [...new Set(people.map((p) => p.full_name).filter((n) => /[^\x00-\x7f]/.test(n)))];
      expect(accentedNames.length).toBeGreaterThan(3);
      const accented = accentedNames.flatMap((n) => [n, n.normalize("NFD"), n.toUpperCase(), n.split(" ").at(-1)!, n.slice(0, 3)]);
      // Every one of these must take the name path: ids are tested elsewhere.
      const queries = [...prefixes, ...multiWord, ...accented, "de la", "van bu", "st. c", "o'", "zz", "ma zz", "  MA   JO  "];
      let withMoreThanLimit = 0;
      for (const q of queries) {
        const expected = oracleMatches(q).map((p) => p.person_id);
        for (const limit of [1, 4, 26]) {
          expect(ids(await search(q, limit)), `${q} / ${limit}`).toEqual(expected.slice(0, limit));
        }
        if (expected.length > 26) withMoreThanLimit++;
      }
      expect(queries.length).toBeGreaterThan(400);
      expect(withMoreThanLimit).toBeGreaterThan(100); // the limit is really exercised, not just every match returned
    }, 60_000);

    it("orders people with the same name by person_id", async () => {
      const counts = new Map<string, number>();
      for (const p of people) counts.set(p.name_search, (counts.get(p.name_search) ?? 0) + 1);
      const twins = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
      expect(twins.length).toBeGreaterThan(0);
      for (const name of twins.slice(0, 20)) {
        const found = ids(await search(name, MAX_SEARCH_LIMIT)).filter((id) => people.find((p) => p.person_id === id)?.name_search === name);
        expect(found.length, name).toBeGreaterThan(1);
        expect(found, name).toEqual([...found].sort());
      }
    });

    it("tells when more than the limit match: ask for limit + 1", async () => {
      const many = await search("ma", 26);
      expect(many).toHaveLength(26);
      const few = oracleMatches("smith");
      expect(few.length).toBeLessThan(26);
      expect(await search("smith", 26)).toHaveLength(few.length);
    });

    it("counts matches like the oracle, exactly below the cap and as capped at or above it", async () => {
      const queries = ["ma", "mar", "smith", "de la", "jo ma", "zz", "jose", "JOSÉ", "ma jo", "o'", people[3].full_name, people[3].person_id];
      for (const q of queries) {
        const n = q === people[3].person_id ? 1 : oracleMatches(q).length;
        for (const cap of [1, 10, 100, MAX_COUNT_CAP]) {
          expect(await warehouse.countPeopleMatches(q, { cap }), `${q} / ${cap}`).toEqual({ count: Math.min(n, cap), capped: n > cap });
        }
        if (n > 0 && q !== people[3].person_id) {
          expect(await warehouse.countPeopleMatches(q, { cap: n })).toEqual({ count: n, capped: false });
        }
      }
      expect((await warehouse.countPeopleMatches("ma", { cap: MAX_COUNT_CAP })).count).toBeGreaterThan(100);
      await expect(warehouse.countPeopleMatches("ma", { cap: 0 })).rejects.toThrow(RangeError);
      await expect(warehouse.countPeopleMatches("ma", { cap: MAX_COUNT_CAP + 1 })).rejects.toThrow(RangeError);
    });

    it("refuses a query shorter than two characters once folded, like the app", async () => {
      for (const q of ["", "   ", "m", " M ", "é", "e\u0301", "%", "_", "\\", "\u0000", "\u0301\u0301x"]) {
        const refusal = await search(q).catch((e: unknown) => e);
        expect(refusal, JSON.stringify(q)).toBeInstanceOf(AppError);
        expect(refusal, JSON.stringify(q)).toMatchObject({ code: "validation_failed", field: "query", message: "Enter at least 2 characters" });
        await expect(warehouse.countPeopleMatches(q, { cap: 10 }), JSON.stringify(q)).rejects.toBeInstanceOf(AppError);
      }
      expect(await search("é a")).toEqual(expect.any(Array)); // three characters: allowed
    });

    it("treats SQL and LIKE syntax as plain text: no rows, no error", async () => {
      for (const q of [
        "' OR 1=1 --",
        "%%",
        "__",
        "\\\\",
        "%a%",
        "a_",
        "a%",
        "'; DROP TABLE people; --",
        '" OR ""="',
        "\u0000\u0000",
        "ma %",
        "ma _",
      ]) {
        expect(await search(q), q).toEqual([]);
        expect(await warehouse.countPeopleMatches(q, { cap: 10 }), q).toEqual({ count: 0, capped: false });
      }
      expect(await warehouse.countPeople()).toBe(2500);
    });

    it("rejects columns outside the people whitelist before touching SQL", async () => {
      await expect(warehouse.searchPeople("a", { limit: 5, columns: ["full_name", "password"] })).rejects.toThrow(
        /unknown people column.*"password"/,
      );
      await expect(warehouse.searchPeople("a", { limit: 5, columns: ["name_search"] })).rejects.toThrow(/unknown people column/);
      await expect(warehouse.getPerson(people[0].person_id, ["email, (SELECT 1)"])).rejects.toThrow(/unknown people column/);
      await expect(warehouse.getPerson(people[0].person_id, ['tin" FROM people --'])).rejects.toThrow(/unknown people column/);
    });

    it("rejects limits outside 1..MAX_SEARCH_LIMIT", async () => {
      await expect(search("a", 0)).rejects.toThrow(RangeError);
      await expect(search("a", MAX_SEARCH_LIMIT + 1)).rejects.toThrow(RangeError);
      await expect(search("a", 2.5)).rejects.toThrow(RangeError);
    });

    it("refuses calls after close", async () => {
      const other = tw.reopen();
      await other.close();
      await expect(other.countPeople()).rejects.toThrow(/closed/);
      await other.close(); // idempotent
    });
  });

  describe("ordering beyond the Basic Multilingual Plane", () => {
    it("merges first-name and last-name matches in code-point order, not JavaScript's UTF-16 order", async () => {
      const crafted = await openTestWarehouse(dialect, { size: 40, seed: 3 });
      // UTF-16 puts U+10000 and U+1F600 (surrogate pairs, D800+) before U+E000 and U+FFFD; code points put them after.
      const names: Array<[string, string]> = [
        ["zo\u{10000} a", "a"],
        ["zo\u{FFFD} b", "b"],
        ["aa zo\u{1F600}", "zo\u{1F600}"],
        ["aa zo\u{E000}", "zo\u{E000}"],
      ];
      await crafted.addPeople(names.map(([name, last], i) => [`usr_astral${i}`, name, last]));
      const rows = readPeople(crafted.sqliteFile).sort(byNameThenId);
      const other = crafted.connector;
      try {
        for (const limit of [1, 2, 3, 4, 10]) {
          const found = ids(await other.searchPeople("zo", { limit, columns: [] }));
          expect(found, String(limit)).toEqual(oracle("zo", limit, rows));
        }
        expect(ids(await other.searchPeople("zo", { limit: 4, columns: [] })).slice(0, 2)).toEqual(["usr_astral3", "usr_astral2"]);
      } finally {
        await crafted.dispose();
      }
    });
  });
});

describe("openSqliteWarehouse", () => {
  it("explains how to create a missing warehouse instead of creating an empty one", () => {
    const missing = path.join("/nonexistent-warden", "nope", "warehouse.db");
    expect(() => openSqliteWarehouse(missing)).toThrow(`demo warehouse not found at ${missing}; run \`npm run warden -- demo seed\``);
  });
});

describe.runIf(testWarehouseDialects().includes("postgresql"))("openPgWarehouse beside openSqliteWarehouse", () => {
  let tw: TestWarehouse;
  let sqlite: WarehouseConnector;
  let people: Person[];

  beforeAll(async () => {
    tw = await openTestWarehouse("postgresql", { size: 2500, seed: 11 });
    sqlite = openSqliteWarehouse(tw.sqliteFile);
    people = readPeople(tw.sqliteFile);
  }, 120_000);

  afterAll(async () => {
    await sqlite?.close();
    await tw?.dispose();
  });

  it("gives identical rows, values and types for the same queries, people and counts", async () => {
    const queries = new Set<string>(["ma", "de la", "o'", "zz", "  MA   JO  ", "JOSÉ", "st. c", "%a%", "' OR 1=1 --", "ma \u0000"]);
    for (const p of people.filter((_, i) => i % 23 === 0)) {
      const [first, ...last] = p.full_name.split(" ");
      queries
        .add(first.slice(0, 2))
        .add(last.join(" ").slice(0, 3))
        .add(p.full_name)
        .add(`${last.join(" ")} ${first.slice(0, 2)}`)
        .add(p.person_id);
    }
    expect(queries.size).toBeGreaterThan(300);
    for (const q of queries) {
      for (const limit of [1, 13, 200]) {
        const opts = { limit, columns: [...PEOPLE_COLUMNS] };
        expect(await tw.connector.searchPeople(q, opts), `${q} / ${limit}`).toEqual(await sqlite.searchPeople(q, opts));
      }
      expect(await tw.connector.countPeopleMatches(q, { cap: 50 }), q).toEqual(await sqlite.countPeopleMatches(q, { cap: 50 }));
    }
    for (const p of people.filter((_, i) => i % 101 === 0)) {
      expect(await tw.connector.getPerson(p.person_id, [...PEOPLE_COLUMNS])).toEqual(await sqlite.getPerson(p.person_id, [...PEOPLE_COLUMNS]));
    }
    expect(await tw.connector.getPerson("usr_\u0000", ["email"])).toBeNull();
    expect(await tw.connector.countPeople()).toBe(await sqlite.countPeople());
  }, 120_000);

  it("explains how to create a missing warehouse", async () => {
    const url = new URL(tw.url!);
    url.searchParams.set("schema", "nope");
    const other = openPgWarehouse(url.toString());
    try {
      await expect(other.countPeople()).rejects.toThrow('demo warehouse not found in schema "nope"; run `npm run warden -- demo seed`');
    } finally {
      await other.close();
    }
  });
});
