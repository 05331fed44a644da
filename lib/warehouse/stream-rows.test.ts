// streamRows / countRows on the SQLite connector, against the table read the slow way: order, batches, resume, filters,
// and refusals that name the field.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { openSqliteWarehouse, type WarehouseConnector } from "./connector";
import { generateDemoWarehouse } from "./generate-demo-warehouse";

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-warehouse-stream-"));
const file = path.join(dir, "warehouse.db");
let warehouse: WarehouseConnector;
let people: Array<{ person_id: string; state: string; role: string; created_at: string; tin: string }>;

beforeAll(() => {
  generateDemoWarehouse({ path: file, size: 1200, seed: 5 });
  const db = new Database(file, { readonly: true });
  people = db.prepare("SELECT person_id, state, role, created_at, tin FROM people ORDER BY person_id").all() as typeof people;
  db.close();
  warehouse = openSqliteWarehouse(file);
});

afterAll(async () => {
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

async function collect(it: AsyncIterable<unknown[][]>): Promise<{ rows: unknown[][]; batches: number[] }> {
  const rows: unknown[][] = [];
  const batches: number[] = [];
  for await (const batch of it) {
    batches.push(batch.length);
    rows.push(...batch);
  }
  return { rows, batches };
}

describe("streamRows", () => {
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

  it("caps counts", async () => {
    expect(await warehouse.countRows("marketplace.people@1", {}, { cap: 100 })).toEqual({ count: 100, capped: true });
    expect(await warehouse.countRows("marketplace.people@1", {}, { cap: 1200 })).toEqual({ count: 1200, capped: false });
  });

  it("refuses an unknown dataset, column or filter, naming the field", async () => {
    const refusal = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        return e instanceof AppError ? [e.code, e.field] : e;
      }
      return "no error";
    };
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
  });
});
