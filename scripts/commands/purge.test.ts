// `warden purge`: usage errors exit 2; a start while another run is open exits 1 with a one-line reason and starts
// nothing; a dry-run with no policy completes and prints its summary (exit 0).
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { resetPurgeState } from "@/lib/holds/purge/test-helpers";
import { captureConsole } from "@/lib/test/capture-console";
import { runCli } from "../cli";

beforeEach(resetPurgeState);
afterEach(() => vi.restoreAllMocks());
afterAll(resetPurgeState);

describe("warden purge", () => {
  it("needs exactly one of --dry-run and --execute", async () => {
    const { err } = captureConsole();
    expect(await runCli(["purge"])).toBe(2);
    expect(await runCli(["purge", "--dry-run", "--execute"])).toBe(2);
    expect(await runCli(["purge", "--now"])).toBe(2);
    expect(err[0]).toBe("warden purge: say --dry-run or --execute (one of them)");
    expect(await getDb().purgeRun.count()).toBe(0);
  });

  it("refuses a start while another run is open, in one line, and runs a dry-run to completion otherwise", async () => {
    const at = new Date();
    await getDb().purgeRun.create({
      data: { id: "prg_cliopen0001", mode: "execute", status: "tripped", trigger: "schedule", createdAt: at, updatedAt: at },
    });
    const first = captureConsole();
    expect(await runCli(["purge", "--dry-run"])).toBe(1);
    expect(first.err).toHaveLength(1);
    expect(first.err[0]).toMatch(/^warden: Another purge run \(prg_cliopen0001, execute\) is tripped; .*approve or cancel it/);
    expect(await getDb().purgeRun.count()).toBe(1);
    vi.restoreAllMocks();

    await getDb().purgeRun.update({ where: { id: "prg_cliopen0001" }, data: { status: "cancelled" } });
    const second = captureConsole();
    expect(await runCli(["purge", "--dry-run"])).toBe(0);
    expect(second.out.join("\n")).toMatch(/purge: completed; candidates 0, held back 0, deleted 0/);
    expect(await getDb().purgeRun.findFirstOrThrow({ where: { trigger: "cli" } })).toMatchObject({ mode: "dry_run", status: "completed" });
  });
});
