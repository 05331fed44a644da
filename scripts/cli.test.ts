import { execFile } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { COMMANDS, runCli } from "./cli";
import { parseFlags, UsageError } from "./commands/args";
import { captureConsole as capture } from "@/lib/test/capture-console";

afterEach(() => vi.restoreAllMocks());

describe("warden CLI flags", () => {
  it.each(Object.keys(COMMANDS))("`%s --extra` exits 2 with a one-line reason, before doing anything", async (name) => {
    const { out, err } = capture();
    expect(await runCli([...name.split(" "), "--extra"])).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^warden ${name}: unknown flag --extra \\(this command takes (no flags|--)`));
    expect(err[0]).not.toContain("\n");
    expect(out).toEqual([]);
  });

  it("refuses stray arguments and says which flags a command takes", async () => {
    const { err } = capture();
    expect(await runCli(["ledger", "verify", "everything"])).toBe(2);
    expect(err.at(-1)).toBe(
      'warden ledger verify: unexpected argument "everything" (this command takes --allow-pruned-payloads, --trusted-key VALUE, --witness VALUE, --no-witness)',
    );
    expect(await runCli(["db", "migrate", "now"])).toBe(2);
    expect(err.at(-1)).toBe('warden db migrate: unexpected argument "now" (this command takes no flags)');
    expect(await runCli(["help", "--extra"])).toBe(2);
  });

  it("parses known flags and throws a UsageError for a missing value", () => {
    expect(parseFlags(["--size", "10"], { size: { type: "string" } })).toEqual({ size: "10" });
    expect(() => parseFlags(["--size"], { size: { type: "string" } })).toThrow(UsageError);
  });

  it("exits 2 for `ledger verify --extra` as an operator runs it (it exited 0)", async () => {
    const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "ledger", "verify", "--extra"],
        { env: process.env },
        (e, stdout, stderr) => resolve({ status: e ? Number(e.code) : 0, stdout, stderr }),
      ),
    );
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim()).toBe(
      "warden ledger verify: unknown flag --extra (this command takes --allow-pruned-payloads, --trusted-key VALUE, --witness VALUE, --no-witness)",
    );
  }, 60_000);
});
