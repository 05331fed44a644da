import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toSqliteSchema } from "@/scripts/prisma-generate";
import { dbTarget, getDb } from "./client";
import { loadMigrations, migrate, migrationsDir } from "./migrate";

describe("migration runner", () => {
  it("records every migration in Prisma's table with Prisma's checksum, and a second run applies nothing", async () => {
    const target = dbTarget();
    const files = loadMigrations(migrationsDir(target.dialect));
    const again = await migrate(target);
    expect(again).toEqual({ applied: [], alreadyApplied: files.length });
    const rows = await getDb().$queryRawUnsafe<Array<{ migration_name: string; checksum: string; finished_at: unknown }>>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const target = dbTarget();
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-migrations-"));
    cpSync(migrationsDir(target.dialect), dir, { recursive: true });
    const first = readdirSync(dir)
      .filter((n) => /^\d/.test(n))
      .sort()[0];
    writeFileSync(path.join(dir, first, "migration.sql"), "-- edited\n", { flag: "a" });
    await expect(migrate(target, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it("keeps the two dialects' migration folders in step", () => {
    const names = (d: "sqlite" | "postgresql") => loadMigrations(migrationsDir(d)).map((m) => m.name);
    expect(names("sqlite")).toEqual(names("postgresql"));
  });
});

describe("SQLite schema derivation", () => {
  it("switches the provider and output and strips PostgreSQL-only native types", () => {
    const pg =
      'datasource db {\n  provider = "postgresql"\n}\ngenerator client {\n  provider = "prisma-client"\n  output   = "../lib/db/generated/pg"\n}\nmodel A {\n  at DateTime @default(now()) @db.Timestamptz(3) @map("at")\n}\n';
    const sqlite = toSqliteSchema(pg);
    expect(sqlite).toContain('provider = "sqlite"');
    expect(sqlite).toContain('output   = "../../lib/db/generated/sqlite"');
    expect(sqlite).not.toContain("@db.");
    expect(sqlite).toContain('at DateTime @default(now()) @map("at")');
  });
});
