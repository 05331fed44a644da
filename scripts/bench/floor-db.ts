// A floor's own SQLite file: the console's tables (with their indexes and triggers) copied by their DDL, with the
// console's durability and checkpointing (WAL, synchronous=FULL, the same wal_autocheckpoint), so a raw-driver floor writes into the same shape the product does.
import Database from "better-sqlite3";
import path from "node:path";
import { WAL_AUTOCHECKPOINT_PAGES } from "@/lib/db/raw";

export function floorDatabase(dir: string, fileName: string, consoleDbPath: string, tables: readonly string[]): Database.Database {
  const raw = new Database(path.join(dir, fileName));
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = FULL");
  raw.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const consoleDb = new Database(consoleDbPath, { readonly: true });
  const ddl = consoleDb
    .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name IN (${tables.map(() => "?").join(", ")}) AND sql IS NOT NULL ORDER BY type <> 'table'`)
    .all(...tables) as Array<{ sql: string }>;
  consoleDb.close();
  for (const { sql } of ddl) raw.exec(sql);
  return raw;
}
