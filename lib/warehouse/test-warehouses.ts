// Test support: the same demo warehouse (size, seed) behind each connector, so one contract runs on both. SQLite always;
// PostgreSQL when the test run is the PostgreSQL one (DATABASE_URL postgresql://), in a database of its own on that server.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { env } from "@/lib/core/env";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import { openSqliteWarehouse, type WarehouseConnector } from "./connector";
import { generateDemoWarehouse } from "./generate-demo-warehouse";
import { generateDemoWarehousePg } from "./generate-demo-warehouse-pg";
import { DEFAULT_PG_WAREHOUSE_SCHEMA } from "./pg-schema";
import { openPgWarehouse } from "./pg-connector";
import { PEOPLE_COLUMNS } from "./schema";

export type WarehouseDialect = "sqlite" | "postgresql";

export interface TestWarehouse {
  dialect: WarehouseDialect;
  connector: WarehouseConnector;
  /** The SQLite file of the same size and seed: the oracles read it (on PostgreSQL too, so equal answers mean equal data). */
  sqliteFile: string;
  /** Another connector on the same warehouse (the caller closes it). */
  reopen(): WarehouseConnector;
  /** Adds people copied from the first one with these ids, full names and last-name keys (name_search = full name), to the warehouse and its SQLite twin. */
  addPeople(rows: ReadonlyArray<[id: string, name: string, last: string]>): Promise<void>;
  /** The PostgreSQL URL (a database of its own), for tests that look at the server. */
  url?: string;
  dispose(): Promise<void>;
}

/** The dialects this run covers: SQLite always, PostgreSQL on the PostgreSQL run. */
export function testWarehouseDialects(): WarehouseDialect[] {
  return parseDatabaseUrl(env().databaseUrl).dialect === "postgresql" ? ["sqlite", "postgresql"] : ["sqlite"];
}

export async function openTestWarehouse(dialect: WarehouseDialect, opts: { size: number; seed: number }): Promise<TestWarehouse> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-warehouse-"));
  const sqliteFile = path.join(dir, "warehouse.db");
  generateDemoWarehouse({ path: sqliteFile, size: opts.size, seed: opts.seed });
  const addToFile = (rows: ReadonlyArray<[string, string, string]>) => {
    const db = new Database(sqliteFile);
    const copy = db.prepare(insertCopies.replace(/\$\d/g, "?"));
    for (const [id, name, last] of rows) copy.run(id, name, name, last); // the placeholders in order of appearance
    db.close();
  };
  const insertCopies = `INSERT INTO people (${PEOPLE_COLUMNS.join(", ")}, name_search, last_name_search)
    SELECT ${PEOPLE_COLUMNS.map((c) => (c === "person_id" ? "$1" : c === "full_name" ? "$2" : c)).join(", ")}, $2, $3
    FROM people ORDER BY person_id LIMIT 1`;

  if (dialect === "sqlite") {
    const connector = openSqliteWarehouse(sqliteFile);
    return {
      dialect,
      connector,
      sqliteFile,
      reopen: () => openSqliteWarehouse(sqliteFile),
      async addPeople(rows) {
        addToFile(rows);
      },
      async dispose() {
        await connector.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const { url, drop } = await createTestPgDatabase();
  await generateDemoWarehousePg({ url, size: opts.size, seed: opts.seed });
  const connector = openPgWarehouse(url);
  return {
    dialect,
    connector,
    sqliteFile,
    url,
    reopen: () => openPgWarehouse(url),
    async addPeople(rows) {
      addToFile(rows);
      await withClient(url, async (c) => {
        await c.query(`SET search_path = ${DEFAULT_PG_WAREHOUSE_SCHEMA}`);
        for (const row of rows) await c.query(insertCopies, row);
      });
    },
    async dispose() {
      await connector.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the test run's PostgreSQL server (DATABASE_URL names the console's), and how to drop it. */
export async function createTestPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = env().databaseUrl;
  const database = `warden_wh_${randomBytes(5).toString("hex")}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${database}`));
  return {
    url: Object.assign(new URL(admin), { pathname: `/${database}` }).toString(),
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, f: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}
