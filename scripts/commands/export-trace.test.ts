// `warden export trace FILE`: the ranking on stdout, exit 0 when attributed, 1 (one line) when not, 413 before reading.
import { mkdtempSync, writeFileSync, truncateSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { captureConsole as capture } from "@/lib/test/capture-console";
import { createTraceExports, excerpt, exportRows, prng, readPeopleRows, toCsv } from "@/lib/exports/trace/trace-fixtures";
import { runCli } from "../cli";

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-trace-cli-"));
let ids: string[] = [];

beforeAll(async () => {
  ids = await createTraceExports(20, "cli-trace");
});
afterAll(async () => {
  await getDb().export.deleteMany({ where: { id: { in: ids } } });
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe("warden export trace", () => {
  it("prints the ranking and exits 0 when an export is attributed", async () => {
    const source = readPeopleRows(process.env.WAREHOUSE_URL!.slice("file:".length));
    const file = path.join(dir, "leak.csv");
    writeFileSync(file, toCsv(excerpt(exportRows(ids[5], source), 20, prng(3)).rows));
    const { out, err } = capture();
    expect(await runCli(["export", "trace", file])).toBe(0);
    expect(err).toEqual([]);
    expect(out.join("\n")).toContain("20 rows");
    const first = out.find((l) => l.startsWith("1 "));
    expect(first).toContain(ids[5]);
    expect(first).toContain("ATTRIBUTED");
    expect(first).toContain("40/40");
  });

  it("exits 1 with one line when nothing is attributed, and refuses a file too large or of another kind", async () => {
    const plain = path.join(dir, "plain.csv");
    writeFileSync(plain, "a,b,c\n1,2,3\n");
    const { err } = capture();
    expect(await runCli(["export", "trace", plain])).toBe(1);
    expect(err.at(-1)).toMatch(/^warden: no export attributed/);
    const big = path.join(dir, "big.csv");
    writeFileSync(big, "");
    truncateSync(big, 200 * 1024 * 1024);
    expect(await runCli(["export", "trace", big])).toBe(1);
    expect(err.at(-1)).toMatch(/^warden: The suspect file is larger than 8 MB \(this one is 200\.0 MB\)/);
    const png = path.join(dir, "x.png");
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(await runCli(["export", "trace", png])).toBe(1);
    expect(err.at(-1)).toMatch(/neither CSV nor XLSX/);
    expect(await runCli(["export", "trace"])).toBe(2);
    expect(err.at(-1)).toBe("warden export trace: give exactly one FILE (a CSV or XLSX file)");
  });
});
