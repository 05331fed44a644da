// The Prisma client for the console database, picked from DATABASE_URL. Shared code is typed against
// `@db-client` (PostgreSQL's generated client in tsconfig.json, SQLite's in tsconfig.sqlite.json), so
// CI proves it compiles against both.
import type { PrismaClient } from "@db-client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/core/env";
import { parseDatabaseUrl, type DbTarget } from "./dialect";
import { PrismaClient as PgPrismaClient } from "./generated/pg/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { pgPool, sqliteHandle } from "./raw";

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
    sqliteHandle(target.path); // creates the directory and switches the file to WAL before Prisma opens it
    db = new SqlitePrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.path, timeout: 10_000 }) }) as unknown as Db;
  } else {
    db = new PgPrismaClient({ adapter: new PrismaPg(pgPool(target.url)) }) as unknown as Db;
  }
  cache.__wardenDb = { url, db };
  return db;
}

export async function disconnectDb(): Promise<void> {
  const held = cache.__wardenDb;
  cache.__wardenDb = undefined;
  await held?.db.$disconnect();
}
