// The Prisma client for the console database, picked from DATABASE_URL. Shared code is typed against
// `@db-client` (PostgreSQL's generated client in tsconfig.json, SQLite's in tsconfig.sqlite.json), so
// CI proves it compiles against both.
import type { PrismaClient } from "@db-client";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/core/env";
import { parseDatabaseUrl, type DbTarget } from "./dialect";
import { PrismaClient as PgPrismaClient } from "./generated/pg/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { pgPool, sqliteHandle } from "./raw";
import { gatedSqliteAdapter } from "./sqlite-adapter";

export type Db = PrismaClient;

const cache = globalThis as unknown as { __wardenDb?: { url: string; db: Db } };

export function dbTarget(): DbTarget {
  return parseDatabaseUrl(env().databaseUrl);
}

export function getDb(): Db {
  const url = env().databaseUrl;
  if (cache.__wardenDb?.url === url) return cache.__wardenDb.db;
  const target = parseDatabaseUrl(url);
  let db: Db;
  if (target.dialect === "sqlite") {
    sqliteHandle(target.path); // creates the file 600 and switches it to WAL before Prisma opens it
    db = new SqlitePrismaClient({ adapter: gatedSqliteAdapter(target.path), transactionOptions: txOptions() }) as unknown as Db;
  } else {
    db = new PgPrismaClient({ adapter: new PrismaPg(pgPool(target.url)), transactionOptions: txOptions() }) as unknown as Db;
  }
  cache.__wardenDb = { url, db };
  return db;
}

// Starting a transaction waits for the write lock no longer than any other query (then 503, never a stall).
function txOptions() {
  const waitMs = Math.max(env().dbLockWaitMs, 100);
  return { maxWait: waitMs, timeout: waitMs + 5_000 };
}

export async function disconnectDb(): Promise<void> {
  const held = cache.__wardenDb;
  cache.__wardenDb = undefined;
  await held?.db.$disconnect();
}
