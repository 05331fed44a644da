// Builds the demo warehouse on PostgreSQL: the SQLite generator's rows (same seed and size ⇒ same ids and values), loaded
// with COPY into a fresh schema that replaces the old one in the same transaction. Server-side only: writes a database.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import {
  checkDemoWarehouseOptions,
  DEFAULT_DEMO_SEED,
  demoWarehouseRows,
  WAREHOUSE_COLUMN_ORDER,
  type GenerateDemoWarehouseResult,
} from "./generate-demo-warehouse";
import { parsePgWarehouseUrl, pgWarehouseConstraintsDdl, pgWarehouseTableDdl } from "./pg-schema";
import { WAREHOUSE_SCHEMA_VERSION } from "./schema";

export interface GenerateDemoWarehousePgOptions {
  /** `postgresql://…[?schema=name]` (default schema `warehouse`). */
  url: string;
  size: number;
  seed?: number;
  /** As in `generateDemoWarehouse`: the same instant gives the same events. */
  eventsUntil?: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Same seed and size ⇒ the rows of `generateDemoWarehouse`. The build runs in ONE transaction: a new schema is created,
 * loaded with COPY (constraints and indexes once, after the load), then the old schema is dropped and the new one
 * renamed in its place, so readers see the old warehouse or the new one, and a crash leaves nothing behind.
 * Refuses to replace a schema that holds tables but is not a demo warehouse (no `meta` with a schema_version).
 */
export async function generateDemoWarehousePg(opts: GenerateDemoWarehousePgOptions): Promise<GenerateDemoWarehouseResult> {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  checkDemoWarehouseOptions(opts.size, seed, opts.eventsUntil);
  const started = performance.now();
  const { connectionString, schema } = parsePgWarehouseUrl(opts.url);
  const build = `${schema.slice(0, 40)}__build_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString, application_name: "warden-demo-seed" });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Concurrent seeds of one warehouse take turns instead of racing for the rename.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`warden-warehouse:${schema}`]);
    await refuseForeignSchema(client, schema);
    await client.query(`CREATE SCHEMA "${build}"`);
    await client.query(pgWarehouseTableDdl(build));
    const { total, chunks } = demoWarehouseRows(opts.size, seed, { eventsUntil: opts.eventsUntil });
    let done = 0;
    let counts: Omit<GenerateDemoWarehouseResult, "ms">;
    for (;;) {
      const next = chunks.next();
      if (next.done) {
        counts = next.value;
        break;
      }
      const { table, rows, units } = next.value;
      await copyRows(client, `"${build}".${table}`, WAREHOUSE_COLUMN_ORDER[table], rows);
      if (units > 0) opts.onProgress?.((done += units), total);
    }
    await client.query(pgWarehouseConstraintsDdl(build));
    await client.query(`ANALYZE "${build}".people, "${build}".bookings, "${build}".booking_legs, "${build}".events, "${build}".background_checks`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`ALTER SCHEMA "${build}" RENAME TO "${schema}"`);
    await client.query("COMMIT");
    return { ...counts, ms: Math.round(performance.now() - started) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** Whether the PostgreSQL demo warehouse at `url` was built with this size and seed and the current schema version. */
export async function pgDemoWarehouseMatches(url: string, opts: { size: number; seed: number }): Promise<boolean> {
  const { connectionString, schema } = parsePgWarehouseUrl(url);
  const client = new pg.Client({ connectionString, application_name: "warden-demo-seed" });
  await client.connect();
  try {
    const meta = await readMeta(client, schema);
    return (
      meta?.get("size") === String(opts.size) &&
      meta.get("seed") === String(opts.seed) &&
      meta.get("schema_version") === String(WAREHOUSE_SCHEMA_VERSION)
    );
  } finally {
    await client.end();
  }
}

async function readMeta(client: pg.Client, schema: string): Promise<Map<string, string> | null> {
  const found = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'meta'", [schema]);
  if (found.rowCount === 0) return null;
  const rows = await client.query<{ key: string; value: string }>(`SELECT key, value FROM "${schema}".meta`);
  return new Map(rows.rows.map((r) => [r.key, r.value]));
}

async function refuseForeignSchema(client: pg.Client, schema: string): Promise<void> {
  const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1", [schema]);
  if (tables.rows[0].n === 0) return;
  const meta = await readMeta(client, schema).catch(() => null);
  if (!meta?.has("schema_version")) {
    throw new Error(`schema "${schema}" holds tables that are not a Warden demo warehouse; pick another with ?schema= in WAREHOUSE_URL`);
  }
}

/**
 * COPY … FROM STDIN in text format: one round trip per chunk instead of one per row. FREEZE (the table was created in
 * this transaction) writes the rows already frozen, so the first reader does not rewrite every page to set hint bits.
 */
async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const lines = rows.map((row) => row.map(copyField).join("\t")).join("\n") + "\n";
  await pipeline(Readable.from([lines]), client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FREEZE)`)));
}

// Text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}
