// The offline migration runner: applies prisma/migrations/<dialect>/<name>/migration.sql in name order and
// records each in Prisma's `_prisma_migrations` table (same columns and checksum), so a connected machine can
// later run `prisma migrate deploy` against the same database and see them as applied.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sha256Hex } from "@/lib/core/hash";
import type { DbTarget } from "./dialect";
import { blockingSqliteHandle, pgPool } from "./raw";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATIONS_TABLE_SQLITE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const MIGRATIONS_TABLE_PG = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same in every process that migrates this database.
const PG_MIGRATION_LOCK = 72_616_363;

export function migrationsDir(dialect: DbTarget["dialect"], root = process.cwd()): string {
  return path.join(root, "prisma", "migrations", dialect);
}

export function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: sha256Hex(sql) };
    });
}

function checkRecorded(m: Migration, recorded: Map<string, string>): boolean {
  const checksum = recorded.get(m.name);
  if (checksum === undefined) return false;
  if (checksum !== m.checksum) {
    throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs); add a new migration instead.`);
  }
  return true;
}

export async function migrate(target: DbTarget, dir = migrationsDir(target.dialect)): Promise<MigrateResult> {
  const migrations = loadMigrations(dir);
  return target.dialect === "sqlite" ? migrateSqlite(target.path, migrations) : migratePg(target.url, migrations);
}

function migrateSqlite(file: string, migrations: Migration[]): MigrateResult {
  // A connection of its own that queues behind another migrator (CLI work, so blocking is fine).
  const db = blockingSqliteHandle(file);
  try {
    return applySqlite(db, migrations);
  } finally {
    db.close();
  }
}

function applySqlite(db: ReturnType<typeof blockingSqliteHandle>, migrations: Migration[]): MigrateResult {
  db.exec(MIGRATIONS_TABLE_SQLITE);
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const m of migrations) {
    // IMMEDIATE takes the write lock first, so two processes migrating at once apply each file once.
    const apply = db.transaction(() => {
      const rows = db.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`).all() as Array<{
        migration_name: string;
        checksum: string;
      }>;
      if (checkRecorded(m, new Map(rows.map((r) => [r.migration_name, r.checksum])))) return false;
      const started = new Date().toISOString();
      db.exec(m.sql);
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
      ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
      return true;
    });
    if (apply.immediate()) applied.push(m.name);
    else alreadyApplied++;
  }
  return { applied, alreadyApplied };
}

async function migratePg(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = await pgPool(url).connect();
  const applied: string[] = [];
  let alreadyApplied = 0;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE_PG);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const recorded = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of migrations) {
      if (checkRecorded(m, recorded)) {
        alreadyApplied++;
        continue;
      }
      await client.query("BEGIN");
      try {
        const started = new Date();
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), m.checksum, m.name, started],
        );
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return { applied, alreadyApplied };
}
