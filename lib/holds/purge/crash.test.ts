// kill -9 mid-run (issue 9 "Done when"): a real `warden purge --execute` process deletes a generated warehouse's legs in
// small batches and is SIGKILLed once a few thousand are gone. A second process (`warden jobs run --once`, its clock past
// the killed runner's job lease) picks the run up and completes it: no held record is deleted, every unheld one past
// retention is, and the tombstones match the deletions one to one. The console database is the suite's (either
// dialect); the warehouse is a SQLite file of the test's own.
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { holdCovers } from "../hold-clause";
import type { HoldTarget } from "../types";
import { insertActiveHold, insertPolicy, resetPurgeState, tempWarehouse } from "./test-helpers";
import { tombstoneHash } from "./tombstones";

const LEGS = "marketplace.booking_legs@1";
let warehouse: ReturnType<typeof tempWarehouse>;
let tmp: string;
let file: string;
let childEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  await resetPurgeState();
  warehouse = tempWarehouse("purge-crash", { size: 8_000, seed: 5 });
  ({ dir: tmp, file } = warehouse);
  writeFileSync(path.join(tmp, "clock.json"), JSON.stringify({ offsetMs: 3 * 60_000 }));
  childEnv = {
    ...process.env,
    WAREHOUSE_URL: `file:${file}`,
    WARDEN_PURGE_BATCH_ROWS: "100",
    WARDEN_PURGE_BREAKER_MIN_ROWS: "100000000",
  };
}, 300_000);
afterAll(async () => {
  await resetPurgeState();
  warehouse.dispose();
});

const warden = (args: string[], extra: Record<string, string> = {}): ChildProcess =>
  spawn(process.execPath, ["--import", "tsx", "scripts/warden.ts", ...args], { env: { ...childEnv, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

describe("kill -9 in the middle of an execute run", () => {
  it("completes on restart: nothing held deleted, nothing deleted twice, one tombstone per deletion", async () => {
    const read = () => {
      const db = new Database(file, { readonly: true });
      const rows = db.prepare("SELECT * FROM booking_legs").all() as Array<Record<string, unknown>>;
      db.close();
      return rows;
    };
    const before = read();
    await insertPolicy(LEGS, 365, "starts_at");
    const targets: HoldTarget[] = [
      { kind: "subject", value: String(before[10].person_id) },
      { kind: "subject", value: String(before[before.length - 10].person_id) },
      { kind: "booking_group", value: String(before[Math.floor(before.length / 2)].lbg_id) },
    ];
    await insertActiveHold(targets, "crash hold");
    const isHeld = (r: Record<string, unknown>) => targets.some((t) => holdCovers(WAREHOUSE_DATASETS[LEGS], t, r));
    const held = before.filter(isHeld);
    expect(held.length).toBeGreaterThan(2);

    const first = warden(["purge", "--execute"]);
    let stderr = "";
    first.stderr!.on("data", (c) => (stderr += String(c)));
    const firstExit = exited(first);
    let runId: string | null = null;
    for (;;) {
      const run = await getDb().purgeRun.findFirst({ where: { trigger: "cli" }, orderBy: { createdAt: "desc" } });
      runId = run?.id ?? null;
      if (run && run.deleted >= 3_000) break;
      if (first.exitCode !== null) throw new Error(`the run finished before it could be killed: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.kill("SIGKILL");
    expect(await firstExit).toMatchObject({ signal: "SIGKILL" });
    const killed = await getDb().purgeRun.findUniqueOrThrow({ where: { id: runId! } });
    expect(killed.status).toBe("running");
    expect(killed.deleted).toBeLessThan(before.length - held.length);

    const second = warden(["jobs", "run", "--once"], { WARDEN_TEST_CLOCK_FILE: path.join(tmp, "clock.json") });
    let out = "";
    second.stdout!.on("data", (c) => (out += String(c)));
    second.stderr!.on("data", (c) => (out += String(c)));
    expect((await exited(second)).code, out).toBe(0);
    expect(out).toMatch(/succeeded purge\.run job_\w+ try 2\/5/);

    const run = await getDb().purgeRun.findUniqueOrThrow({ where: { id: runId! } });
    expect(run.status).toBe("completed");
    const after = new Set(read().map((r) => String(r.booking_leg_id)));
    for (const r of held) expect(after.has(String(r.booking_leg_id))).toBe(true);
    expect(after.size).toBe(held.length);
    const deleted = before.filter((r) => !after.has(String(r.booking_leg_id))).map((r) => String(r.booking_leg_id));
    expect(run.deleted).toBe(deleted.length);
    const hashes = (await getDb().purgeTombstone.findMany({ where: { runId: runId! }, select: { recordHash: true } })).map((t) => t.recordHash);
    expect(hashes.length).toBe(deleted.length);
    expect(hashes.sort()).toEqual(deleted.map((id) => tombstoneHash(LEGS, id)).sort());
    expect(await getDb().purgeBatch.count({ where: { runId: runId!, status: "deleting" } })).toBe(0);
    const batches = await getDb().ledgerEntry.findMany({ where: { resource: `purge:${runId}`, action: "purge.batch_deleted" } });
    expect(batches.reduce((n, e) => n + Number(JSON.parse(e.payload!).deleted), 0)).toBe(deleted.length);
  }, 600_000);
});
