// Derives the SQLite schema from the PostgreSQL source and generates one Prisma client per dialect.
// The Prisma CLI cannot fetch its schema engine offline; `generate` does not need it, so point it at /bin/false.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const source = path.join(root, "prisma/schema.prisma");
const derived = path.join(root, "prisma/generated/sqlite.prisma");

export function toSqliteSchema(pg: string): string {
  return pg
    .replace('provider = "postgresql"', 'provider = "sqlite"')
    .replace('output   = "../lib/db/generated/pg"', 'output   = "../../lib/db/generated/sqlite"')
    .replace(/ @db\.\w+(\([^)]*\))?/g, "")
    .replace(/^\/\/ Warden console database\..*$/m, "// GENERATED from prisma/schema.prisma by scripts/prisma-generate.ts; do not edit.");
}

function main() {
  mkdirSync(path.dirname(derived), { recursive: true });
  writeFileSync(derived, toSqliteSchema(readFileSync(source, "utf8")));
  const prismaBin = path.join(root, "node_modules/prisma/build/index.js");
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  for (const schema of [source, derived]) {
    execFileSync(process.execPath, [prismaBin, "generate", "--schema", schema], { cwd: root, env, stdio: "inherit" });
  }
}

if (require.main === module) main();
