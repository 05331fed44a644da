// The server's purge runs in a process of its own (decision 041): runPurgeInProcess starts purge-process-main.ts,
// which runs the same engine on its own connections (the suite's console database, a SQLite warehouse of the test's
// own) and reports its summary; an error keeps its code across the process boundary.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { testMeta } from "@/lib/test/fixtures";
import { runPurgeInProcess } from "./purge-process";
import { startPurgeRun } from "./start-purge-run";
import { insertPolicy, resetPurgeState, tempWarehouse } from "./test-helpers";
import { tombstoneHash } from "./tombstones";

const LEGS = "marketplace.booking_legs@1";
let warehouse: ReturnType<typeof tempWarehouse>;
let file: string;
let childEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  await resetPurgeState();
  warehouse = tempWarehouse("purge-process", { size: 600, seed: 9 });
  file = warehouse.file;
  childEnv = { ...process.env, WAREHOUSE_URL: `file:${file}`, WARDEN_PURGE_BREAKER_MIN_ROWS: "100000000" };
}, 120_000);
afterAll(async () => {
  await resetPurgeState();
  warehouse.dispose();
});

const legIds = () => {
  const db = new Database(file, { readonly: true });
  const ids = (db.prepare("SELECT booking_leg_id FROM booking_legs").pluck().all() as string[]).sort();
  db.close();
  return ids;
};

describe("a purge run in a process of its own", () => {
  it("deletes what the engine would, with one tombstone per deletion, and reports the run's summary", async () => {
    const before = legIds();
    await insertPolicy(LEGS, 365, "starts_at");
    const { runId } = await startPurgeRun({ actor: null, meta: testMeta() }, { mode: "execute", trigger: "console" });
    const summary = await runPurgeInProcess({ runId, attempt: 1, maxAttempts: 5 }, { env: childEnv });
    expect(summary).toMatchObject({ runId, status: "completed" });
    const after = new Set(legIds());
    const gone = before.filter((id) => !after.has(id));
    expect(gone.length).toBeGreaterThan(0);
    expect(summary.deleted).toBe(gone.length);
    const hashes = (await getDb().purgeTombstone.findMany({ where: { runId }, select: { recordHash: true } })).map((t) => t.recordHash);
    expect(hashes.sort()).toEqual(gone.map((id) => tombstoneHash(LEGS, id)).sort());
  }, 120_000);

  it("rejects with the engine's own error, code and message kept", async () => {
    const err = await runPurgeInProcess({ runId: "prn_no_such_run" }, { env: childEnv }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "not_found", message: "No purge run prn_no_such_run" });
  }, 60_000);
});
