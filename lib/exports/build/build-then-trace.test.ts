// The build and the tracer meet on a real file: two exports of the same people to two recipients are built by
// `buildExport` (the code a download serves), a 50-row excerpt of one file is cut the way a leaker would (comment and
// header gone, columns shuffled), and the tracer names that export and not the other; with the token column dropped
// too, the timestamp marks alone still name it. Guards against the build's row pipeline drifting from the one the
// trace tests use (fingerprintRows).
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { readExport } from "../export-record";
import { exportFilePath } from "../files";
import { traceLeak } from "../trace/trace-leak";
import { buildExport } from "./build-export";
import { createApprovedExport, provideSigningKey } from "./test-helpers";

let admin: Awaited<ReturnType<typeof createTestUser>>;
const built: string[] = [];

beforeAll(async () => {
  provideSigningKey();
  admin = await createTestUser("privacy_admin", "build-tracer");
  for (const who of ["leaker", "innocent"]) {
    const requester = await createTestUser("analyst", `build-trace-${who}`);
    const id = await createApprovedExport({ requesterId: requester.id, purpose: `Trace check for ${who}` });
    expect(await buildExport(id, { meta: testMeta(), inProcess: true })).toMatchObject({ built: true });
    built.push(id);
  }
});

/** A deterministic shuffle (the test must fail the same way twice). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function excerpt(exportId: string, opts: { dropColumns: string[] }): Promise<string> {
  const exp = await readExport(exportId);
  const lines = readFileSync(exportFilePath(exportId, exp.fileName!), "utf8");
  const [header, ...rows] = parse(lines, { comment: "#", relax_column_count: true }) as string[][];
  const keep = header.map((name, i) => i).filter((i) => !opts.dropColumns.includes(header[i]));
  const order = shuffled(keep, 7);
  const picked = shuffled(rows, 11).slice(0, 50);
  return stringify(picked.map((r) => order.map((i) => r[i])));
}

describe("a built file's excerpt is traced to its export", () => {
  it("by tokens and marks, and no other export is named", async () => {
    const report = await traceLeak(
      { actor: { id: admin.id, role: admin.role }, meta: testMeta() },
      { source: { kind: "text", text: await excerpt(built[0], { dropColumns: [] }) } },
    );
    expect(report.attributed).toContain(built[0]);
    expect(report.attributed).not.toContain(built[1]);
    expect(report.tokensFound).toBeGreaterThan(0);
  });

  it("by the timestamp marks alone when the token column is dropped", async () => {
    const report = await traceLeak(
      { actor: { id: admin.id, role: admin.role }, meta: testMeta() },
      { source: { kind: "text", text: await excerpt(built[0], { dropColumns: ["tin"] }) } },
    );
    expect(report.tokensFound).toBe(0);
    expect(report.attributed).toContain(built[0]);
    expect(report.attributed).not.toContain(built[1]);
  });
});
