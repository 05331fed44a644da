// Export builds on the real database and the test warehouse: what goes into the file (masks exactly as planned,
// withheld columns absent, the watermark), where it goes (0700/0600, no partial left), what the ledger says, and
// the signed zip.
import { readdirSync, readFileSync, statSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import ExcelJS from "exceljs";
import yazl from "yazl";
import { createWriteStream } from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "@/scripts/cli";
import { captureConsole } from "@/lib/test/capture-console";
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { generateSigner } from "@/lib/ledger/note";
import { loadSigningKey } from "@/lib/ledger/signing-key";
import { maskEmail, maskLast4, REDACTED } from "@/lib/masking/mask";
import { exportTokenizer } from "../trace/token-channel";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { exportKey } from "../export-keys";
import { readExport } from "../export-record";
import { exportDir, exportFilePath, exportZipName } from "../files";
import { buildExport } from "./build-export";
import { runExportBuildJob } from "./run-build-job";
import { EXPORT_ID_COLUMN } from "./file-plan";
import { createApprovedExport, PEOPLE_PLAN, provideSigningKey } from "./test-helpers";
import { verifyManifestZip } from "./verify-manifest-zip";
import { MANIFEST_NAME, MANIFEST_SIG_NAME, NOTICE_NAME } from "./manifest";

let requester: Awaited<ReturnType<typeof createTestUser>>;
let people: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  provideSigningKey();
  requester = await createTestUser("analyst", "exporter");
  people = new Map();
  const cols = PEOPLE_PLAN.map((c) => c.name);
  for await (const batch of getWarehouse().streamRows("marketplace.people@1", { columns: cols, filters: {} })) {
    for (const r of batch) people.set(String(r[0]), Object.fromEntries(cols.map((c, i) => [c, r[i]])));
  }
});
afterAll(() => {});

const entriesOf = async (id: string) =>
  (await getDb().ledgerEntry.findMany({ where: { resource: `export:${id}` }, orderBy: { seq: "asc" } })).map((e) => ({
    ...e,
    payload: e.payload ? (JSON.parse(e.payload) as Record<string, unknown>) : null,
  }));

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("buildExport: CSV", () => {
  it("writes every row masked as planned, withheld columns absent, watermark first, and records the hash", async () => {
    const id = await createApprovedExport({ requesterId: requester.id });
    // As the job runner builds: in a build process of its own (build-process.ts), which reports its peak RSS.
    const summary = await buildExport(id, { meta: testMeta() });
    expect(summary).toMatchObject({
      built: true,
      attempt: 1,
      rows: people.size,
      buildProcessPeakRssMb: expect.any(Number),
      buildProcessCpuMs: expect.any(Number),
    });

    const exp = await readExport(id);
    expect(exp).toMatchObject({ status: "ready", rowCount: people.size, rowsWritten: people.size, rowsTotal: people.size, buildAttempts: 1 });
    expect(exp.fileName).toMatch(
      new RegExp(`^marketplace.people@1__${id}__exporter-usr_[0-9a-z]+@test.warden__\\d{4}-\\d{2}-\\d{2}__CONFIDENTIAL\\.csv$`),
    );
    expect(exp.expiresAt!.getTime() - exp.readyAt!.getTime()).toBe(env().exportTtlDays * 86_400_000);
    const file = exportFilePath(id, exp.fileName!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(exportDir(id)).mode & 0o777).toBe(0o700);
    expect(readdirSync(exportDir(id)).sort()).toEqual([exp.fileName, exportZipName(exp.fileName!)].sort());
    expect(exp.fileSha256).toBe(sha(file));
    expect(exp.fileBytes).toBe(statSync(file).size);

    const text = readFileSync(file, "utf8");
    const [first, ...rest] = text.split("\r\n");
    expect(first).toMatch(
      new RegExp(
        `^# CONFIDENTIAL — export ${id} of marketplace.people@1 for ${requester.email}; purpose: Quarterly payout reconciliation; created \\d{4}-`,
      ),
    );
    const rows = parse(rest.join("\r\n"), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(PEOPLE_PLAN.filter((c) => c.treatment !== "withheld").map((c) => c.name));
    expect(rows).toHaveLength(people.size);
    const tokenize = exportTokenizer(exportKey(id, "token"));
    for (const row of rows) {
      const raw = people.get(row.person_id)!;
      expect(row.full_name).toBe(REDACTED);
      expect(row.email).toBe(maskEmail(String(raw.email)));
      expect(row.phone).toBe(maskLast4(String(raw.phone)));
      expect(row.tin).toBe(tokenize(String(raw.tin)));
      expect(row.date_of_birth).toBe(String(raw.date_of_birth).slice(0, 4));
      expect(row.city).toBe(raw.city);
      expect(Number(row.payout_1099_cents) % 10_000).toBe(0);
      expect(text).not.toContain(String(raw.street_address));
      expect(text).not.toContain(String(raw.tin));
    }

    const entries = await entriesOf(id);
    expect(entries.map((e) => e.action)).toEqual(["exports.build_started", "exports.built"]);
    const built = entries[1];
    expect(built).toMatchObject({ recordId: id, privacyTier: "pii_tax", decision: "mask", rowCount: people.size, policyVersion: "7" });
    expect(built.payload).toMatchObject({ sha256: exp.fileSha256, row_count: people.size, policy_version: "7", bytes: exp.fileBytes });
    expect(JSON.parse(built.columnsDenied)).toEqual(["street_address"]);
  }, 60_000);

  it("leaves the comment line out and adds _export_id when the export's options say so", async () => {
    const id = await createApprovedExport({
      requesterId: requester.id,
      options: { csvComment: false, exportIdColumn: true },
      filters: { role: "model" },
    });
    await buildExport(id, { meta: testMeta(), inProcess: true });
    const exp = await readExport(id);
    const text = readFileSync(exportFilePath(id, exp.fileName!), "utf8");
    expect(text.startsWith("person_id,role,")).toBe(true);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    const models = [...people.values()].filter((p) => p.role === "model").length;
    expect(rows).toHaveLength(models);
    expect(exp.rowCount).toBe(models);
    expect(rows.every((r) => r[EXPORT_ID_COLUMN] === id && r.role === "model")).toBe(true);
  });

  it("does nothing to an export that is not approved or building (a job run twice)", async () => {
    const id = await createApprovedExport({ requesterId: requester.id });
    await buildExport(id, { meta: testMeta(), inProcess: true });
    const before = await readExport(id);
    expect(await buildExport(id, { meta: testMeta(), inProcess: true })).toMatchObject({ built: false, skipped: "status is ready" });
    expect(await readExport(id)).toEqual(before);
    expect((await entriesOf(id)).map((e) => e.action)).toEqual(["exports.build_started", "exports.built"]);
  });

  it("restarts a build a dead try left `building`: deletes its leftovers (even a whole file it renamed) and starts again", async () => {
    const id = await createApprovedExport({ requesterId: requester.id });
    await getDb().export.update({ where: { id }, data: { status: "building", buildAttempts: 1, rowsWritten: 120 } });
    mkdirSync(exportDir(id), { recursive: true });
    writeFileSync(path.join(exportDir(id), "stale__CONFIDENTIAL.csv.1.partial"), "half a file");
    writeFileSync(path.join(exportDir(id), "stale__CONFIDENTIAL.csv"), "a file whose commit was lost");
    const summary = await buildExport(id, { meta: testMeta(), inProcess: true });
    expect(summary).toMatchObject({ built: true, attempt: 2 });
    const exp = await readExport(id);
    expect(readdirSync(exportDir(id)).sort()).toEqual([exp.fileName, exportZipName(exp.fileName!)].sort());
    const started = (await entriesOf(id)).find((e) => e.action === "exports.build_started");
    expect(started?.payload).toMatchObject({ attempt: 2, restart: true });
  });

  it("fails the export for good when the plan names a column the dataset lacks, and leaves no file", async () => {
    const id = await createApprovedExport({
      requesterId: requester.id,
      columns: [...PEOPLE_PLAN.slice(0, 2), { ...PEOPLE_PLAN[2], name: "no_such_column" }],
    });
    // The build process finds it: its refusal comes back with its code (validation_failed), so no retry follows.
    await expect(runExportBuildJob({ jobId: "job_test", attempt: 1, payload: { exportId: id } })).rejects.toThrow(/Unknown column/);
    const exp = await readExport(id);
    expect(exp.status).toBe("failed");
    expect(exp.error).toMatch(/no_such_column/);
    expect(existsSync(exportDir(id))).toBe(false);
    const failed = (await entriesOf(id)).at(-1)!;
    expect(failed).toMatchObject({ action: "exports.build_failed", recordId: id });
    expect(failed.payload).toMatchObject({ final: true });
  }, 60_000);

  it("fails the export when more rows match than its cap allows", async () => {
    const id = await createApprovedExport({ requesterId: requester.id, rowCap: 10 });
    await expect(runExportBuildJob({ jobId: "job_test", attempt: 1, payload: { exportId: id } })).rejects.toThrow(/row cap/);
    expect((await readExport(id)).status).toBe("failed");
  });
});

describe("buildExport: XLSX", () => {
  it("writes a banner row, the header, every row, and a header/footer naming recipient, purpose, export and time", async () => {
    const id = await createApprovedExport({ requesterId: requester.id, format: "xlsx" });
    // In a build process, as the job runner builds it (exceljs is loaded there, not here).
    await buildExport(id, { meta: testMeta() });
    const exp = await readExport(id);
    expect(exp.fileName!.endsWith("__CONFIDENTIAL.xlsx")).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exportFilePath(id, exp.fileName!));
    const sheet = wb.worksheets[0];
    const banner = String(sheet.getRow(1).getCell(1).value);
    expect(banner).toContain("CONFIDENTIAL");
    expect(banner).toContain(requester.email);
    expect(banner).toContain(id);
    expect(sheet.getRow(2).values).toEqual([undefined, ...PEOPLE_PLAN.filter((c) => c.treatment !== "withheld").map((c) => c.name)]);
    expect(sheet.actualRowCount).toBe(people.size + 2);
    expect(sheet.headerFooter.oddHeader).toContain(requester.email);
    expect(sheet.headerFooter.oddHeader).toContain(id);
    expect(sheet.headerFooter.oddFooter).toContain("Quarterly payout reconciliation");
    const tokenize = exportTokenizer(exportKey(id, "token"));
    const r = sheet.getRow(3).values as unknown[];
    const raw = people.get(String(r[1]))!;
    expect(r[10]).toBe(tokenize(String(raw.tin)));
  }, 60_000);
});

describe("the zip: NOTICE and a manifest signed by the ledger's checkpoint key", () => {
  it("verifies with the deployment's key, and names the file's hash, the columns' treatment and the row count", async () => {
    const id = await createApprovedExport({ requesterId: requester.id });
    await buildExport(id, { meta: testMeta(), inProcess: true });
    const exp = await readExport(id);
    const zip = exportFilePath(id, exportZipName(exp.fileName!));
    const checked = await verifyManifestZip(zip, [loadSigningKey()]);
    expect(checked).toMatchObject({ ok: true });
    if (!checked.ok) return;
    expect(checked.manifest).toMatchObject({
      export_id: id,
      recipient: requester.email,
      file_sha256: exp.fileSha256,
      row_count: people.size,
      dataset: "marketplace.people@1",
    });
    expect(checked.manifest.columns.find((c) => c.name === "tin")).toEqual({
      name: "tin",
      label: "tin",
      tier: "pii_tax",
      treatment: "masked",
      rule: "token",
    });
    expect(checked.manifest.columns.find((c) => c.name === "street_address")).toMatchObject({ treatment: "withheld", rule: null });
    expect(await verifyManifestZip(zip, [generateSigner("someone-else")])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not signed by a trusted key/),
    });
  });

  it("`warden export verify-manifest ZIP` says ok with this deployment's keys or a given key, and exits 1 for another key", async () => {
    const id = await createApprovedExport({ requesterId: requester.id });
    await buildExport(id, { meta: testMeta(), inProcess: true });
    const exp = await readExport(id);
    const zip = exportFilePath(id, exportZipName(exp.fileName!));
    const out = captureConsole();
    try {
      expect(await runCli(["export", "verify-manifest", zip])).toBe(0);
      expect(await runCli(["export", "verify-manifest", zip, "--trusted-key", loadSigningKey().vkey])).toBe(0);
      expect(await runCli(["export", "verify-manifest", zip, "--trusted-key", generateSigner("other").vkey])).toBe(1);
      expect(await runCli(["export", "verify-manifest", path.join(exportDir(id), "missing.zip")])).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(out.out.join("\n")).toContain(`ok: ${exp.fileName} is export ${id} for ${requester.email}`);
    expect(out.err.join("\n")).toMatch(/not signed by a trusted key/);
  });

  it("refuses a zip whose manifest or file was changed", async () => {
    const id = await createApprovedExport({ requesterId: requester.id });
    await buildExport(id, { meta: testMeta(), inProcess: true });
    const exp = await readExport(id);
    const dir = exportDir(id);
    const file = exportFilePath(id, exp.fileName!);
    // Re-zip by hand from the real parts, changing one thing at a time.
    const { default: yauzl } = await import("yauzl");
    const parts = await new Promise<Map<string, Buffer>>((resolve, reject) => {
      const got = new Map<string, Buffer>();
      yauzl.open(exportFilePath(id, exportZipName(exp.fileName!)), { lazyEntries: true }, (err, z) => {
        if (err || !z) return reject(err);
        z.on("entry", (e: import("yauzl").Entry) =>
          z.openReadStream(e, (er, s) => {
            if (er || !s) return reject(er);
            const chunks: Buffer[] = [];
            s.on("data", (c: Buffer) => chunks.push(c));
            s.on("end", () => (got.set(e.fileName, Buffer.concat(chunks)), z.readEntry()));
          }),
        );
        z.on("end", () => resolve(got));
        z.readEntry();
      });
    });
    expect([...parts.keys()].sort()).toEqual([exp.fileName, MANIFEST_NAME, MANIFEST_SIG_NAME, NOTICE_NAME].sort());
    expect(parts.get(NOTICE_NAME)!.toString()).toContain(`Recipient:  ${requester.email}`);
    const rezip = async (name: string, change: (m: Map<string, Buffer>) => void) => {
      const copy = new Map(parts);
      change(copy);
      const out = path.join(dir, name);
      const z = new yazl.ZipFile();
      for (const [n, b] of copy) z.addBuffer(b, n);
      z.end();
      await new Promise((res) => z.outputStream.pipe(createWriteStream(out)).on("close", () => res(undefined)));
      return out;
    };
    const key = [loadSigningKey()];
    const manifestText = parts.get(MANIFEST_NAME)!.toString();
    const forged = await rezip("forged.zip", (m) => m.set(MANIFEST_NAME, Buffer.from(manifestText.replace(/"row_count": \d+/, '"row_count": 3'))));
    expect(await verifyManifestZip(forged, key)).toMatchObject({ ok: false, reason: expect.stringMatching(/not signed by a trusted key/) });
    const swapped = await rezip("swapped.zip", (m) =>
      m.set(exp.fileName!, Buffer.from(readFileSync(file, "utf8").replace(/\r\n[^\r\n]+\r\n$/, "\r\n"))),
    );
    expect(await verifyManifestZip(swapped, key)).toMatchObject({ ok: false, reason: expect.stringMatching(/SHA-256/) });
    const intact = await rezip("intact.zip", () => {});
    expect(await verifyManifestZip(intact, key)).toMatchObject({ ok: true });
  });
});
