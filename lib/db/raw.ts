// Driver-level handles to the console database, one per process, for the two places that need them:
// the migration runner and the ledger's hot path (Prisma adds ~10x overhead per tiny insert).
// Server-side only: opens database files and sockets.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { DbTarget } from "./dialect";

const cache = globalThis as unknown as { __wardenSqlite?: Map<string, Database.Database>; __wardenPg?: Map<string, pg.Pool> };

/** A better-sqlite3 connection in WAL mode with synchronous=FULL: a ledger entry that was acknowledged survives power loss. */
export function sqliteHandle(file: string): Database.Database {
  cache.__wardenSqlite ??= new Map();
  let db = cache.__wardenSqlite.get(file);
  if (!db) {
    mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { timeout: 10_000 });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    cache.__wardenSqlite.set(file, db);
  }
  return db;
}

export function pgPool(url: string): pg.Pool {
  cache.__wardenPg ??= new Map();
  let pool = cache.__wardenPg.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 10 });
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
