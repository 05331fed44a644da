// The child process of scripts/bench/export-csv.ts: `build DIR WAREHOUSE` or `floor DIR WAREHOUSE`. Prints one JSON
// object: its peak RSS (getrusage maxrss), its RSS before the work, and the rows written. Its own console database.
import { mkdirSync } from "node:fs";
import path from "node:path";

const [mode, dir, warehouseFile] = process.argv.slice(2);
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

async function main() {
  mkdirSync(process.env.WARDEN_DATA_DIR!, { recursive: true, mode: 0o700 });
  const { migrate } = await import("@/lib/db/migrate");
  const { dbTarget, disconnectDb } = await import("@/lib/db/client");
  await migrate(dbTarget());
  const { getWarehouse, closeWarehouse } = await import("@/lib/warehouse/get-warehouse");
  const { sqliteRawDump } = await import("./export-csv");
  let rows: number;
  let baselineMb: number;
  if (mode === "build") {
    const { createTestUser, testMeta } = await import("@/lib/test/fixtures");
    const { createApprovedExport } = await import("@/lib/exports/build/test-helpers");
    const { buildExport } = await import("@/lib/exports/build/build-export");
    const requester = await createTestUser("analyst", "bench-rss");
    const id = await createApprovedExport({ requesterId: requester.id, purpose: "Benchmark run" });
    await getWarehouse().countPeople();
    baselineMb = Math.round(process.memoryUsage().rss / 1e5) / 10;
    const built = await buildExport(id, { meta: testMeta() });
    if (!built.built) throw new Error(`not built: ${built.skipped}`);
    rows = built.rows;
  } else {
    baselineMb = Math.round(process.memoryUsage().rss / 1e5) / 10;
    rows = await sqliteRawDump(warehouseFile)(path.join(dir, "raw-dump-child.csv"));
  }
  await closeWarehouse();
  await disconnectDb();
  process.stdout.write(`${JSON.stringify({ peakMb: mb(process.resourceUsage().maxRSS), baselineMb, rows })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`export-csv-child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
