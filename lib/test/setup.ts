// Runs before each test file: points the app at a throwaway data directory (unless the harness chose one),
// migrates the console database and makes sure a small demo warehouse and catalog exist. All idempotent. The catalog
// is written only when it differs from the demo definitions (a test changed it, or the database is new).
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dataDir = process.env.WARDEN_DATA_DIR ?? path.join(os.tmpdir(), `warden-vitest-${process.ppid}`);
process.env.WARDEN_DATA_DIR = dataDir;
process.env.DATABASE_URL ??= `file:${path.join(dataDir, "warden.db")}`;
process.env.WAREHOUSE_URL ??= `file:${path.join(dataDir, "warehouse.db")}`;
mkdirSync(dataDir, { recursive: true });

// Only what every file needs is imported up front: the Prisma clients, the warehouse generator and the catalog seed are
// loaded when something must be written, so a file that never touches them does not pay for them (decision 038).
const { migrate } = await import("@/lib/db/migrate");
const { parseDatabaseUrl } = await import("@/lib/db/dialect");
const { env } = await import("@/lib/core/env");
const { DEMO_CATALOG } = await import("@/lib/catalog/demo-catalog");
const { demoCatalogInPlace } = await import("@/lib/test/demo-catalog-in-place");

const target = parseDatabaseUrl(env().databaseUrl); // what dbTarget() in lib/db/client.ts returns
await migrate(target);
if (process.env.WAREHOUSE_URL.startsWith("file:")) {
  const warehouseFile = process.env.WAREHOUSE_URL.slice("file:".length);
  if (!existsSync(warehouseFile)) {
    const { generateDemoWarehouse } = await import("@/lib/warehouse/generate-demo-warehouse");
    generateDemoWarehouse({ path: warehouseFile, size: 400, seed: 7 });
  }
} else {
  // WAREHOUSE_URL=postgresql://… runs the suite's reads (person view, search, exports) through the PostgreSQL connector.
  const { generateDemoWarehousePg, pgDemoWarehouseMatches } = await import("@/lib/warehouse/generate-demo-warehouse-pg");
  const demo = { url: process.env.WAREHOUSE_URL, size: 400, seed: 7 };
  if (!(await pgDemoWarehouseMatches(demo.url, demo))) await generateDemoWarehousePg(demo);
}
if (!(await demoCatalogInPlace(target, DEMO_CATALOG))) {
  const { seedCatalog } = await import("@/lib/catalog/seed-catalog");
  await seedCatalog(DEMO_CATALOG);
}
