// The child process of scripts/bench/export-csv.ts: `build DIR WAREHOUSE` or `floor DIR WAREHOUSE`. Prints one JSON
// object: the peak RSS while the work runs (sampled every 10 ms from its start to its end), its RSS before the work,
// the process's lifetime peak (getrusage maxrss: includes start-up, tsx compiling the app, migrations), and the rows
// written. Its own console database.
import { mkdirSync } from "node:fs";
import path from "node:path";

const [mode, dir, warehouseFile] = process.argv.slice(2);
// MiB, as the other RSS figures (getrusage's maxrss is in KiB).
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const mib = (bytes: number) => mb(bytes / 1024);

/** The highest RSS seen between start() and stop(), sampled every 10 ms and at both ends. */
const sampler = {
  peak: 0,
  timer: null as NodeJS.Timeout | null,
  sample() {
    sampler.peak = Math.max(sampler.peak, process.memoryUsage.rss());
  },
  start() {
    sampler.sample();
    sampler.timer = setInterval(sampler.sample, 10);
  },
  stop() {
    sampler.sample();
    if (sampler.timer) clearInterval(sampler.timer);
  },
};

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
    baselineMb = mib(process.memoryUsage().rss);
    sampler.start();
    const built = await buildExport(id, { meta: testMeta() });
    sampler.stop();
    if (!built.built) throw new Error(`not built: ${built.skipped}`);
    rows = built.rows;
  } else {
    baselineMb = mib(process.memoryUsage().rss);
    sampler.start();
    rows = await sqliteRawDump(warehouseFile)(path.join(dir, "raw-dump-child.csv"));
    sampler.stop();
  }
  await closeWarehouse();
  await disconnectDb();
  const peakMb = mib(sampler.peak);
  process.stdout.write(`${JSON.stringify({ peakMb, lifetimePeakMb: mb(process.resourceUsage().maxRSS), baselineMb, rows })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`export-csv-child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
