// streamRows / countRows, run on SQLite always and on PostgreSQL on the PostgreSQL test run, against the table read the
// slow way: order, batches, resume, filters, and refusals that name the field; on PostgreSQL, equal to SQLite's answers
// and streamed through a server-side cursor.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { openSqliteWarehouse, type WarehouseConnector } from "./connector";
import { WAREHOUSE_DATASETS, type RowFilters } from "./datasets";
import { PG_WAREHOUSE_APPLICATION } from "./pg-connector";
import { openTestWarehouse, testWarehouseDialects, type TestWarehouse } from "./test-warehouses";

type Person = { person_id: string; state: string; city: string; role: string; created_at: string; tin: string };

async function collect(it: AsyncIterable<unknown[][]>): Promise<{ rows: unknown[][]; batches: number[] }> {
  const rows: unknown[][] = [];
  const batches: number[] = [];
  for await (const batch of it) {
    batches.push(batch.length);
    rows.push(...batch);
  }
  return { rows, batches };
}

const refusal = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch (e) {
    return e instanceof AppError ? [e.code, e.field] : e;
  }
  return "no error";
};

describe.each(testWarehouseDialects())("streamRows on %s", (dialect) => {
  let tw: TestWarehouse;
  let warehouse: WarehouseConnector;
  let people: Person[];

  beforeAll(async () => {
    tw = await openTestWarehouse(dialect, { size: 1200, seed: 5 });
    const db = new Database(tw.sqliteFile, { readonly: true });
    people = db.prepare("SELECT person_id, state, city, role, created_at, tin FROM people ORDER BY person_id").all() as Person[];
    db.close();
    warehouse = tw.connector;
  }, 120_000);

  afterAll(async () => {
    await tw?.dispose();
  });

  it("gives every row once, in record-id order, record id first, in batches of the asked size", async () => {
    const { rows, batches } = await collect(warehouse.streamRows("marketplace.people@1", { columns: ["tin", "state"], filters: {}, batchSize: 500 }));
    expect(rows).toEqual(people.map((p) => [p.person_id, p.tin, p.state]));
    expect(batches).toEqual([500, 500, 200]);
  });

  it("resumes after a record id", async () => {
    const after = people[699].person_id;
    const { rows } = await collect(warehouse.streamRows("marketplace.people@1", { columns: ["person_id"], filters: {}, after, batchSize: 64 }));
    expect(rows.map((r) => r[0])).toEqual(people.slice(700).map((p) => p.person_id));
  });

  it("resumes after an id that holds no row, or U+0000, as the code-point order says", async () => {
    const cut = people[300].person_id;
    for (const after of [`${cut}\u0000`, `${cut}\u0000zz`, `${cut}0`]) {
      const { rows } = await collect(warehouse.streamRows("marketplace.people@1", { columns: [], filters: {}, after }));
      const want = people.filter((p) => Buffer.compare(Buffer.from(p.person_id), Buffer.from(after)) > 0).map((p) => [p.person_id]);
      expect(rows, JSON.stringify(after)).toEqual(want);
    }
  });

  it("applies date (inclusive days), state and role filters", async () => {
    const days = people.map((p) => p.created_at.slice(0, 10)).sort();
    const from = days[Math.floor(days.length / 4)];
    const to = days[Math.floor(days.length / 2)];
    const state = people[0].state;
    const want = people.filter(
      (p) => p.created_at.slice(0, 10) >= from && p.created_at.slice(0, 10) <= to && p.state === state && p.role === "buyer",
    );
    expect(want.length).toBeGreaterThan(0);
    const filters = { from, to, state, role: "buyer" };
    const { rows } = await collect(warehouse.streamRows("marketplace.people@1", { columns: [], filters }));
    expect(rows.map((r) => r[0])).toEqual(want.map((p) => p.person_id));
    expect(await warehouse.countRows("marketplace.people@1", filters, { cap: 10_000 })).toEqual({ count: want.length, capped: false });
  });

  it("matches nothing, without an error, for filter values no row can hold", async () => {
    for (const filters of [{ state: "CA' OR '1'='1" }, { city: "\u0000" }, { role: "buyer\u0000" }]) {
      expect((await collect(warehouse.streamRows("marketplace.people@1", { columns: [], filters }))).rows, JSON.stringify(filters)).toEqual([]);
      expect(await warehouse.countRows("marketplace.people@1", filters, { cap: 10 })).toEqual({ count: 0, capped: false });
    }
  });

  it("caps counts", async () => {
    expect(await warehouse.countRows("marketplace.people@1", {}, { cap: 100 })).toEqual({ count: 100, capped: true });
    expect(await warehouse.countRows("marketplace.people@1", {}, { cap: 1200 })).toEqual({ count: 1200, capped: false });
  });

  it("stops cleanly when the reader leaves early, and streams again afterwards", async () => {
    let seen = 0;
    for await (const batch of warehouse.streamRows("marketplace.people@1", { columns: ["tin"], filters: {}, batchSize: 100 })) {
      seen += batch.length;
      if (seen >= 200) break;
    }
    expect(seen).toBe(200);
    expect((await collect(warehouse.streamRows("marketplace.people@1", { columns: [], filters: {} }))).rows).toHaveLength(1200);
  });

  it("refuses an unknown dataset, column or filter, naming the field", async () => {
    expect(await refusal(() => collect(warehouse.streamRows("marketplace.nope@1", { columns: [], filters: {} })))).toEqual([
      "validation_failed",
      "dataset",
    ]);
    expect(await refusal(() => collect(warehouse.streamRows("marketplace.people@1", { columns: ['tin" FROM x --'], filters: {} })))).toEqual([
      "validation_failed",
      "columns",
    ]);
    expect(await refusal(() => warehouse.countRows("marketplace.bookings@1", { state: "CA" }, { cap: 10 }))).toEqual([
      "validation_failed",
      "filters.state",
    ]);
    expect(await refusal(() => warehouse.countRows("__proto__", {}, { cap: 10 }))).toEqual(["validation_failed", "dataset"]);
  });
});

describe.runIf(testWarehouseDialects().includes("postgresql"))("streamRows on PostgreSQL beside SQLite", () => {
  let tw: TestWarehouse;
  let sqlite: WarehouseConnector;
  let observer: pg.Client;

  beforeAll(async () => {
    tw = await openTestWarehouse("postgresql", { size: 1500, seed: 8 });
    sqlite = openSqliteWarehouse(tw.sqliteFile);
    observer = new pg.Client({ connectionString: tw.url });
    await observer.connect();
  }, 120_000);

  afterAll(async () => {
    await observer?.end();
    await sqlite?.close();
    await tw?.dispose();
  });

  it("gives SQLite's rows and batches for every dataset, column set, filter and resume point", async () => {
    const db = new Database(tw.sqliteFile, { readonly: true });
    const sample = (sql: string) => db.prepare(sql).pluck().get() as string;
    const cases: Array<{ ref: string; filters: RowFilters; after?: string; batchSize: number }> = [];
    for (const dataset of Object.values(WAREHOUSE_DATASETS)) {
      const table = dataset.table;
      const day = sample(`SELECT substr(${dataset.dateColumn}, 1, 10) FROM ${table} ORDER BY ${dataset.recordId} LIMIT 1 OFFSET 7`);
      const middle = sample(`SELECT ${dataset.recordId} FROM ${table} ORDER BY ${dataset.recordId} LIMIT 1 OFFSET 300`);
      const filterSets: RowFilters[] = [{}, { from: day }, { to: day }, { from: "2000-01-01", to: day }];
      for (const [key, column] of Object.entries(dataset.filterColumns)) {
        filterSets.push({ [key]: sample(`SELECT ${column} FROM ${table} ORDER BY ${dataset.recordId} LIMIT 1`) });
      }
      for (const filters of filterSets) {
        for (const batchSize of [1, 97, 1000]) cases.push({ ref: dataset.ref, filters, batchSize });
        cases.push({ ref: dataset.ref, filters, after: middle, batchSize: 50 });
      }
    }
    db.close();
    expect(cases.length).toBeGreaterThan(40);
    for (const c of cases) {
      const columns = [...WAREHOUSE_DATASETS[c.ref].columns].reverse();
      const opts = { columns, filters: c.filters, after: c.after, batchSize: c.batchSize };
      const got = await collect(tw.connector.streamRows(c.ref, opts));
      expect(got, JSON.stringify(c)).toEqual(await collect(sqlite.streamRows(c.ref, opts)));
      for (const cap of [5, 100_000]) {
        expect(await tw.connector.countRows(c.ref, c.filters, { cap }), JSON.stringify(c)).toEqual(await sqlite.countRows(c.ref, c.filters, { cap }));
      }
    }
  }, 120_000);

  it("reads through a server-side cursor in a read-only transaction, one batch at a time", async () => {
    const sessions = () =>
      observer.query<{ state: string; query: string }>(
        "SELECT state, query FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
        [PG_WAREHOUSE_APPLICATION],
      );
    const stream = tw.connector.streamRows("marketplace.people@1", { columns: ["tin"], filters: {}, batchSize: 250 })[Symbol.asyncIterator]();
    const fetches: string[] = [];
    let total = 0;
    for (;;) {
      const next = await stream.next();
      if (next.done) break;
      expect(next.value.length).toBeLessThanOrEqual(250);
      total += next.value.length;
      // Between batches the stream's session sits in its transaction, and its last statement fetched one batch.
      const held = (await sessions()).rows.filter((s) => s.state === "idle in transaction");
      expect(held).toHaveLength(1);
      fetches.push(held[0].query);
    }
    expect(total).toBe(1500);
    expect(fetches).toEqual(Array.from({ length: 6 }, () => "FETCH 250 FROM warehouse_stream"));
    // Done: the transaction, and the cursor with it, is gone.
    expect((await sessions()).rows.filter((s) => s.state === "idle in transaction")).toEqual([]);
  });

  it("ends the transaction when the reader leaves early", async () => {
    for await (const batch of tw.connector.streamRows("marketplace.people@1", { columns: [], filters: {}, batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    const open = await observer.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state LIKE 'idle in transaction%'", [
      PG_WAREHOUSE_APPLICATION,
    ]);
    expect(open.rowCount).toBe(0);
  });
});
