// The demo warehouse on PostgreSQL (PostgreSQL test run only): the SQLite generator's rows, the schema's constraints,
// rebuilt in one transaction, and never over a schema that is not a demo warehouse.
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoWarehouse } from "./generate-demo-warehouse";
import { generateDemoWarehousePg, pgDemoWarehouseMatches } from "./generate-demo-warehouse-pg";
import { openPgWarehouse } from "./pg-connector";
import { createTestPgDatabase, testWarehouseDialects, withClient } from "./test-warehouses";

const TABLES = {
  meta: "key",
  people: "person_id",
  bookings: "lbg_id",
  booking_legs: "booking_leg_id",
  events: "event_id",
  background_checks: "check_id",
} as const;

describe.runIf(testWarehouseDialects().includes("postgresql"))("generateDemoWarehousePg", () => {
  let db: { url: string; drop(): Promise<void> };
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-warehouse-pg-gen-"));
  const schemaUrl = (schema: string) => {
    const u = new URL(db.url);
    u.searchParams.set("schema", schema);
    return u.toString();
  };

  beforeAll(async () => {
    db = await createTestPgDatabase();
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the SQLite generator's rows, value for value, for the same seed, size and events instant", async () => {
    const file = path.join(dir, "twin.db");
    const eventsUntil = new Date("2026-11-29T18:00:00Z");
    const sqliteResult = generateDemoWarehouse({ path: file, size: 1500, seed: 21, eventsUntil });
    const progress: Array<[number, number]> = [];
    const result = await generateDemoWarehousePg({
      url: schemaUrl("twin"),
      size: 1500,
      seed: 21,
      eventsUntil,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(result).toMatchObject({ people: 1500, bookings: 750, events: sqliteResult.events, backgroundChecks: sqliteResult.backgroundChecks });
    expect(result.events).toBeGreaterThan(1500);
    expect(progress.at(-1)).toEqual([2250, 2250]);
    const sqlite = new Database(file, { readonly: true });
    try {
      await withClient(db.url, async (c) => {
        for (const [table, key] of Object.entries(TABLES)) {
          const want = sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all() as Array<Record<string, unknown>>;
          const got = (await c.query(`SELECT * FROM twin.${table} ORDER BY ${key}`)).rows as Array<Record<string, unknown>>;
          // bigint arrives as text from a plain client: compare as numbers.
          const normalized = got.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, /_cents$/.test(k) ? Number(v) : v])));
          expect(want.length, table).toBeGreaterThan(0);
          expect(normalized, table).toEqual(want);
        }
      });
    } finally {
      sqlite.close();
    }
  }, 120_000);

  it("has the SQLite schema's keys, checks and foreign keys", async () => {
    await withClient(db.url, async (c) => {
      const person = (await c.query("SELECT person_id FROM twin.people LIMIT 1")).rows[0].person_id as string;
      const attempts: Array<[string, RegExp]> = [
        [`INSERT INTO twin.people SELECT * FROM twin.people WHERE person_id = '${person}'`, /duplicate key/],
        [`UPDATE twin.people SET role = 'admin' WHERE person_id = '${person}'`, /check constraint/],
        [`UPDATE twin.people SET payout_1099_cents = -1 WHERE person_id = '${person}'`, /check constraint/],
        [
          `UPDATE twin.booking_legs SET person_id = 'usr_nobody' WHERE booking_leg_id = (SELECT min(booking_leg_id) FROM twin.booking_legs)`,
          /foreign key/,
        ],
        [`DELETE FROM twin.bookings WHERE lbg_id = (SELECT min(lbg_id) FROM twin.booking_legs)`, /foreign key/],
        [`UPDATE twin.events SET platform = 'fax' WHERE event_id = (SELECT min(event_id) FROM twin.events)`, /check constraint/],
        [`DELETE FROM twin.people WHERE person_id = (SELECT min(person_id) FROM twin.events)`, /foreign key/],
        [`DELETE FROM twin.bookings WHERE lbg_id = (SELECT min(lbg_id) FROM twin.events)`, /foreign key/],
        [`DELETE FROM twin.people WHERE person_id = (SELECT min(person_id) FROM twin.background_checks)`, /foreign key/],
      ];
      for (const [sql, error] of attempts) await expect(c.query(sql), sql).rejects.toThrow(error);
      const indexes = (await c.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'twin'")).rows.map((r) => r.indexname as string);
      expect(indexes).toEqual(
        expect.arrayContaining([
          "people_name_search",
          "people_last_name_search",
          "booking_legs_person_id",
          "events_occurred_at",
          "events_person_id",
          "events_lbg_id",
          "background_checks_person_id",
        ]),
      );
    });
  });

  it("replaces a warehouse in one transaction: a reader sees the new rows, no build schema is left, and the size is remembered", async () => {
    const url = schemaUrl("swap");
    await generateDemoWarehousePg({ url, size: 300, seed: 4 });
    const reader = openPgWarehouse(url);
    try {
      expect(await reader.countPeople()).toBe(300);
      expect(await pgDemoWarehouseMatches(url, { size: 300, seed: 4 })).toBe(true);
      await generateDemoWarehousePg({ url, size: 200, seed: 4 });
      expect(await reader.countPeople()).toBe(200);
      expect(await pgDemoWarehouseMatches(url, { size: 300, seed: 4 })).toBe(false);
      expect(await pgDemoWarehouseMatches(url, { size: 200, seed: 4 })).toBe(true);
      expect(await pgDemoWarehouseMatches(schemaUrl("absent"), { size: 200, seed: 4 })).toBe(false);
      await withClient(db.url, async (c) => {
        expect((await c.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%\\_\\_build\\_%'")).rows).toEqual([]);
      });
    } finally {
      await reader.close();
    }
  }, 60_000);

  it("refuses to replace a schema that is not a demo warehouse, and leaves it alone", async () => {
    await withClient(db.url, async (c) => {
      await c.query("CREATE SCHEMA console_like; CREATE TABLE console_like.users (id int)");
    });
    await expect(generateDemoWarehousePg({ url: schemaUrl("console_like"), size: 50 })).rejects.toThrow(/not a Warden demo warehouse/);
    await withClient(db.url, async (c) => {
      expect((await c.query("SELECT count(*)::int AS n FROM console_like.users")).rows[0].n).toBe(0);
    });
  });

  it("refuses a schema name that is not a plain identifier, and a bad size, before writing", async () => {
    await expect(generateDemoWarehousePg({ url: schemaUrl('x"; DROP SCHEMA public; --'), size: 50 })).rejects.toThrow(/schema must be/);
    await expect(generateDemoWarehousePg({ url: schemaUrl("ok"), size: 0 })).rejects.toThrow(RangeError);
  });

  it("`demo seed` builds it when WAREHOUSE_URL is postgresql://, and keeps it on the next run", async () => {
    const url = schemaUrl("seeded");
    const seed = () =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "demo", "seed", "--size", "60", "--seed", "3"],
          {
            env: {
              ...process.env,
              WAREHOUSE_URL: url,
              DATABASE_URL: `file:${path.join(dir, "console", "warden.db")}`,
              WARDEN_DATA_DIR: path.join(dir, "console"),
            },
          },
          (e, stdout, stderr) => resolve({ status: e ? Number(e.code) : 0, stdout, stderr }),
        ),
      );
    const first = await seed();
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^warehouse: 60 people, 30 bookings, \d+ legs in [\d.]+ s → postgresql:\/\/.*schema=seeded$/m);
    const again = await seed();
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^warehouse: kept postgresql:\/\/.*schema=seeded \(size 60, seed 3\)$/m);
    const reader = openPgWarehouse(url);
    try {
      expect(await reader.countPeople()).toBe(60);
    } finally {
      await reader.close();
    }
  }, 180_000);
});
