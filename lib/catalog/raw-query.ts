// Reads on the gateway's hot path, on the driver with statements prepared once per connection (Prisma prepares its
// statements again on every call, about half of a person view's time; decision 022). Read-only: writes go through
// Prisma in a unit of work, or through lib/ledger.
import type Database from "better-sqlite3";
import { retryWhileBusy } from "@/lib/db/busy";
import { dbTarget } from "@/lib/db/client";
import { pgPool, sqliteHandle } from "@/lib/db/raw";

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * Runs one read. `sqlite` and `pg` are the same query in each dialect's placeholders; `name` names PostgreSQL's
 * prepared statement (one per distinct text).
 */
export async function rawRead<T>(name: string, sql: { sqlite: string; pg: string }, params: unknown[]): Promise<T[]> {
  const target = dbTarget();
  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    let stmts = prepared.get(db);
    if (!stmts) prepared.set(db, (stmts = new Map()));
    let stmt = stmts.get(sql.sqlite);
    if (!stmt) stmts.set(sql.sqlite, (stmt = db.prepare(sql.sqlite)));
    const s = stmt;
    // A WAL reader can meet a busy wal-index while another process checkpoints; wait for it, never block.
    return retryWhileBusy(async () => s.all(...params) as T[]);
  }
  const { rows } = await pgPool(target.url).query({ name, text: sql.pg, values: params });
  return rows as T[];
}

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset; compare in the same form. */
export function sqliteTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
