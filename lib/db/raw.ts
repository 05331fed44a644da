// Driver-level handles to the console database, one per process: the ledger's hot path uses them (Prisma adds
// ~10x overhead per tiny insert). Server-side only: opens database files and sockets.
// Handles never wait on a lock synchronously (busy timeout 0): callers retry through lib/db/busy.ts.
import Database from "better-sqlite3";
import pg from "pg";
import { env } from "@/lib/core/env";
import { ensurePrivateFile } from "@/lib/core/private-files";
import type { DbTarget } from "./dialect";

const cache = globalThis as unknown as { __wardenSqlite?: Map<string, Database.Database>; __wardenPg?: Map<string, pg.Pool> };

/** A better-sqlite3 connection in WAL mode with synchronous=FULL: a ledger entry that was acknowledged survives power loss. */
export function sqliteHandle(file: string): Database.Database {
  cache.__wardenSqlite ??= new Map();
  let db = cache.__wardenSqlite.get(file);
  if (!db) {
    db = openSqlite(file, 0);
    cache.__wardenSqlite.set(file, db);
  }
  return db;
}

/**
 * Runs one statement with `?` placeholders on the driver handle of either dialect: its rows for a query, [] for
 * anything else. For modules that read or write a few rows outside Prisma (bundles, test fixtures).
 */
export async function queryRaw<T>(target: DbTarget, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  if (target.dialect === "sqlite") {
    const stmt = preparedStatement(sqliteHandle(target.path), sql);
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
  }
  let i = 0;
  const text = sql.replace(/\?/g, () => `$${++i}`);
  return (await pgPool(target.url).query(text, params as unknown[])).rows as T[];
}

/** A DateTime column as either driver returns it: SQLite keeps Prisma's DateTime as ISO-8601 text, pg returns a Date. */
export type DbStamp = Date | string | number;
export const dateFromDb = (v: DbStamp): Date => (v instanceof Date ? v : new Date(v));

// Prepared once per SQL text and connection (a closed and reopened handle gets fresh ones): the texts are constants
// or come from a small set of filter combinations, and preparing costs more than running the small reads they are
// for (a session check, the unread count, a ledger page's probes).
const statements = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[]>>>();

/** `db.prepare(sql)`, cached per connection and SQL text. Only for statements run with all/get/run, never iterate. */
export function preparedStatement(db: Database.Database, sql: string): Database.Statement<unknown[]> {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) {
    if (byText.size > 500) byText.clear();
    stmt = db.prepare<unknown[]>(sql);
    byText.set(sql, stmt);
  }
  return stmt;
}

const multiRow = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[]>>>();

/**
 * Inserts `items` into `table` on SQLite, up to `rowsPerStatement` rows to an INSERT: one statement step for many
 * rows costs a fraction of a step per row. Each row count gets its own statement, prepared once per connection, so a
 * batch of any size takes full statements and one for the rest. `push` appends an item's values in `columns` order.
 */
export function insertRows<T>(
  db: Database.Database,
  table: string,
  columns: readonly string[],
  rowsPerStatement: number,
  items: readonly T[],
  push: (out: unknown[], item: T, index: number) => void,
): void {
  let byShape = multiRow.get(db);
  if (!byShape) multiRow.set(db, (byShape = new Map()));
  for (let i = 0; i < items.length; i += rowsPerStatement) {
    const n = Math.min(rowsPerStatement, items.length - i);
    const key = `${table}|${n}`;
    let stmt = byShape.get(key);
    if (!stmt) {
      const row = `(${columns.map(() => "?").join(", ")})`;
      stmt = db.prepare<unknown[]>(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${Array.from({ length: n }, () => row).join(", ")}`);
      byShape.set(key, stmt);
    }
    const values: unknown[] = [];
    for (let j = i; j < i + n; j++) push(values, items[j], j);
    stmt.run(values);
  }
}

/**
 * A connection of its own that waits up to `timeoutMs` for locks, blocking: only for one-shot CLI work such as
 * migrations, where two runners at once must queue rather than fail. Close it when done.
 */
export function blockingSqliteHandle(file: string, timeoutMs = 30_000): Database.Database {
  return openSqlite(file, timeoutMs);
}

function openSqlite(file: string, timeout: number): Database.Database {
  ensurePrivateFile(file); // 600 before SQLite creates its -wal and -shm beside it, with the same mode
  const db = new Database(file, { timeout });
  if (timeout === 0) {
    // Switching to WAL needs a moment of exclusive access; a file is switched once, by whoever opens it first.
    waitSync(() => db.pragma("journal_mode = WAL"));
  } else {
    db.pragma("journal_mode = WAL");
  }
  db.pragma("synchronous = FULL");
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * WAL frames before a commit copies them into the database file (SQLite's default is 1,000, 4 MiB). A batch of 1,000
 * ingested entries writes ~750 pages, so the default checkpointed on almost every batch, fsyncing the database file
 * each time; at 4,000 a checkpoint comes every five batches or so and writes the pages those batches all dirtied
 * (an index's right edge, the head of the table) once. Set on every connection that writes (decision 046).
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4_000;

/** Only for the one-off WAL switch at open: a few short tries, never the whole busy timeout. */
function waitSync(fn: () => unknown): void {
  for (let i = 0; ; i++) {
    try {
      fn();
      return;
    } catch (err) {
      if (i >= 50 || !String((err as { code?: string }).code).startsWith("SQLITE_BUSY")) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

export function pgPool(url: string): pg.Pool {
  cache.__wardenPg ??= new Map();
  let pool = cache.__wardenPg.get(url);
  if (!pool) {
    const waitMs = env().dbLockWaitMs;
    pool = new pg.Pool({
      connectionString: url,
      max: 10,
      // The same deadline as SQLite's lock wait: a held lock or an unreachable server fails closed (503), not forever.
      connectionTimeoutMillis: waitMs,
      options: `-c lock_timeout=${waitMs}`,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", (err) => console.error("[warden] idle PostgreSQL client error", err.message));
    cache.__wardenPg.set(url, pool);
  }
  return pool;
}

/** Closes every handle this process opened (CLI exit, tests). */
export async function closeRawHandles(): Promise<void> {
  for (const db of cache.__wardenSqlite?.values() ?? []) db.close();
  cache.__wardenSqlite?.clear();
  const pools = [...(cache.__wardenPg?.values() ?? [])];
  cache.__wardenPg?.clear();
  await Promise.all(pools.map((p) => p.end()));
}

export function describeTarget(t: DbTarget): string {
  return t.dialect === "sqlite" ? `SQLite ${t.path}` : `PostgreSQL ${new URL(t.url).host}${new URL(t.url).pathname}`;
}
