// The child process of scripts/bench/export-csv.ts: `build DIR WAREHOUSE` or `floor DIR WAREHOUSE`. Prints one JSON
// object. Its own console database.
// - build: the export is built as the product builds it: queued as an `exports.build` job and run by a real
//   `warden jobs run --once` process (node --import tsx scripts/warden.ts, as the crash test runs it), which starts the
//   build process (lib/exports/build/build-process.ts). The figure is the build process's lifetime peak RSS (its own
//   getrusage maxrss, start-up included, reported in the job's result); beside it, the runner's lifetime peak
//   (/proc/PID/status VmHWM) with the build, and the same runner's with no export queued.
// - floor: the raw dump in this process: its peak RSS while the dump runs (sampled every 10 ms) and its lifetime peak.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const [mode, dir, warehouseFile] = process.argv.slice(2);
// MiB, as the other RSS figures (getrusage's maxrss and /proc's VmHWM are in KiB).
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

/** VmHWM (KiB) of a live process, or null once it is gone. */
function highWater(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** `warden jobs run --once` as one process; its stdout and lifetime peak RSS (last VmHWM read before it exited). */
function jobsRunOnce(): Promise<{ out: string; peakMb: number | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/warden.ts", "jobs", "run", "--once"], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (c) => (out += String(c)));
  let hwm: number | null = null;
  const timer = setInterval(() => (hwm = highWater(child.pid!) ?? hwm), 10);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`warden jobs run --once exited ${code}: ${out}`));
      else resolve({ out, peakMb: hwm === null ? null : mb(hwm) });
    });
  });
}

async function main() {
  mkdirSync(process.env.WARDEN_DATA_DIR!, { recursive: true, mode: 0o700 });
  const { migrate } = await import("@/lib/db/migrate");
  const { dbTarget, disconnectDb } = await import("@/lib/db/client");
  await migrate(dbTarget());
  if (mode === "build") {
    const { provideSigningKey } = await import("@/lib/exports/build/test-helpers");
    provideSigningKey();
    // The runner with nothing but its recurring jobs: what it holds without a build.
    const idle = await jobsRunOnce();
    const { createTestUser } = await import("@/lib/test/fixtures");
    const { createApprovedExport } = await import("@/lib/exports/build/test-helpers");
    const { enqueueJob } = await import("@/lib/jobs/enqueue-job");
    const { EXPORT_BUILD_KIND } = await import("@/lib/exports/build/kinds");
    const requester = await createTestUser("analyst", "bench-rss");
    const id = await createApprovedExport({ requesterId: requester.id, purpose: "Benchmark run" });
    await enqueueJob({ kind: EXPORT_BUILD_KIND, payload: { exportId: id } });
    await disconnectDb();
    const run = await jobsRunOnce();
    const line = run.out.split("\n").find((l) => l.startsWith(`succeeded ${EXPORT_BUILD_KIND} `));
    const result = line ? (JSON.parse(line.slice(line.indexOf("{"))) as { built?: boolean; rows?: number; buildProcessPeakRssMb?: number }) : null;
    if (!result?.built || result.buildProcessPeakRssMb === undefined) throw new Error(`the export was not built: ${run.out}`);
    process.stdout.write(
      `${JSON.stringify({ peakMb: result.buildProcessPeakRssMb, runnerPeakMb: run.peakMb, runnerIdlePeakMb: idle.peakMb, rows: result.rows })}\n`,
    );
    return;
  }
  const { sqliteRawDump } = await import("./export-csv");
  const baselineMb = mib(process.memoryUsage().rss);
  sampler.start();
  const rows = await sqliteRawDump(warehouseFile)(path.join(dir, "raw-dump-child.csv"));
  sampler.stop();
  await disconnectDb();
  process.stdout.write(`${JSON.stringify({ peakMb: mib(sampler.peak), lifetimePeakMb: mb(process.resourceUsage().maxRSS), baselineMb, rows })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`export-csv-child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
