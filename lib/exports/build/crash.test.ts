// kill -9 halfway through a build (issue 8 "Done when"): a real `warden jobs run --once` process builds a large
// export from a generated warehouse and is SIGKILLed once rows_written passes half; no whole file or zip exists, the
// export is still `building` (the flow serves only `ready`). A second process, after the lease ran out, restarts the
// build from the first row; the file is complete and its hash is the one in the DB and in `exports.built`.
// Size: WARDEN_EXPORT_CRASH_ROWS (default 100,000 so the suite stays quick); `npm run test:export-crash-1m` runs it
// at 1,000,000 rows.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { createTestUser } from "@/lib/test/fixtures";
import { generateDemoWarehouse } from "@/lib/warehouse/generate-demo-warehouse";
import { readExport } from "../export-record";
import { exportDir, exportFilePath, exportZipName } from "../files";
import { PARTIAL_SUFFIX } from "./durable-file";
import { EXPORT_BUILD_KIND } from "./kinds";
import { createApprovedExport, provideSigningKey } from "./test-helpers";

const ROWS = Number(process.env.WARDEN_EXPORT_CRASH_ROWS ?? 100_000);
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  provideSigningKey();
  tmp = mkdtempSync(path.join(os.tmpdir(), "warden-export-crash-"));
  generateDemoWarehouse({ path: path.join(tmp, "warehouse.db"), size: ROWS, seed: 11 });
  // The lease of the killed runner has run out for the second process: its clock is 3 minutes ahead (lease: 2).
  writeFileSync(path.join(tmp, "clock.json"), JSON.stringify({ offsetMs: 3 * 60_000 }));
  env = { ...process.env, WAREHOUSE_URL: `file:${path.join(tmp, "warehouse.db")}` };
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `warden jobs run --once` as ONE process (node --import tsx, no tsx wrapper), so SIGKILL kills the builder itself. */
function jobsRunOnce(extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/warden.ts", "jobs", "run", "--once"], {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

const sha256 = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file)
      .on("data", (c) => h.update(c))
      .on("end", () => resolve(h.digest("hex")))
      .on("error", reject);
  });

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) for (const b of chunk as Buffer) if (b === 10) n++;
  return n;
}

describe(`kill -9 halfway through a ${ROWS.toLocaleString("en-US")}-row export build`, () => {
  it("never leaves a whole file at the served path, and the next run restarts it and completes it", async () => {
    const requester = await createTestUser("analyst", "crash");
    const id = await createApprovedExport({ requesterId: requester.id });
    await enqueueJob({ kind: EXPORT_BUILD_KIND, payload: { exportId: id } });

    const first = jobsRunOnce();
    let stderr = "";
    first.stderr!.on("data", (c) => (stderr += String(c)));
    const firstExit = exited(first);
    let seen = { rowsWritten: 0, rowsTotal: null as number | null, status: "approved" };
    for (;;) {
      const row = await getDb().export.findUniqueOrThrow({ where: { id }, select: { rowsWritten: true, rowsTotal: true, status: true } });
      seen = row;
      if (row.rowsTotal && row.rowsWritten >= row.rowsTotal / 2) break;
      if (first.exitCode !== null) throw new Error(`the build finished before it could be killed: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    expect(await firstExit).toMatchObject({ signal: "SIGKILL" });
    expect(seen.rowsTotal).toBe(ROWS);

    const killed = await readExport(id);
    expect(killed).toMatchObject({ status: "building", fileName: null, fileSha256: null, buildAttempts: 1 });
    expect(killed.rowsWritten).toBeLessThan(ROWS);
    const left = readdirSync(exportDir(id));
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => name.endsWith(PARTIAL_SUFFIX))).toBe(true);
    expect(left.some((name) => name.endsWith(`.csv.1${PARTIAL_SUFFIX}`) && statSync(path.join(exportDir(id), name)).size > 0)).toBe(true);

    const second = jobsRunOnce({ WARDEN_TEST_CLOCK_FILE: path.join(tmp, "clock.json") });
    let out = "";
    second.stdout!.on("data", (c) => (out += String(c)));
    await exited(second);
    expect(out).toMatch(new RegExp(`succeeded ${EXPORT_BUILD_KIND.replace(".", "\\.")} job_\\w+ try 2/3`));

    const done = await readExport(id);
    expect(done).toMatchObject({ status: "ready", buildAttempts: 2, rowCount: ROWS, rowsWritten: ROWS });
    const file = exportFilePath(id, done.fileName!);
    expect(readdirSync(exportDir(id)).sort()).toEqual([done.fileName, exportZipName(done.fileName!)].sort());
    // The comment line, the header, then one line per row.
    expect(await countLines(file)).toBe(ROWS + 2);
    const hash = await sha256(file);
    expect(done.fileSha256).toBe(hash);
    const entries = await getDb().ledgerEntry.findMany({ where: { resource: `export:${id}` }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["exports.build_started", "exports.build_started", "exports.built"]);
    expect(JSON.parse(entries[1].payload!)).toMatchObject({ attempt: 2, restart: true });
    expect(JSON.parse(entries[2].payload!)).toMatchObject({ sha256: hash, row_count: ROWS, bytes: statSync(file).size });
  }, 900_000);
});
