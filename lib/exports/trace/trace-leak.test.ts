// Issue 8's trace tests (decision 025): 1,000 exports of the same dataset to different recipients; random 50-row
// excerpts of one of them, columns shuffled and renamed, header gone, are attributed to it and to no other, by either
// channel alone, also after a spreadsheet re-saved them. And the fewest rows each channel needs.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { ATTRIBUTION_THRESHOLD } from "./attribute";
import type { SourceRow } from "./fingerprint-rows";
import { TRACE_MAX_BYTES } from "./read-suspect";
import { traceLeak, type TraceReport } from "./trace-leak";
import { createTraceExports, excerpt, exportRows, prng, readPeopleRows, toCsv, TRACE_FILE_COLUMNS } from "./trace-fixtures";

const EXPORTS = 1000;
const TOKEN_COLUMNS = TRACE_FILE_COLUMNS.filter((c) => c.rule === "token" && c.treatment === "masked").map((c) => c.name);
const CREATED_AT = TRACE_FILE_COLUMNS.findIndex((c) => c.name === "created_at");

let ids: string[] = [];
let source: SourceRow[] = [];
let admin: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  admin = await createTestUser("privacy_admin", "tracer");
  ids = await createTraceExports(EXPORTS);
  source = readPeopleRows(process.env.WAREHOUSE_URL!.slice("file:".length));
}, 120_000);

afterAll(async () => {
  // Other test files trace too: leave them the candidates they expect.
  await getDb().export.deleteMany({ where: { id: { in: ids } } });
});

const trace = (text: string) => traceLeak({ actor: admin, meta: testMeta() }, { source: { kind: "text", text } });
const traceFile = (bytes: Uint8Array) => traceLeak({ actor: admin, meta: testMeta() }, { source: { kind: "file", bytes } });

function expectOnly(report: TraceReport, exportId: string) {
  expect(report.attributed).toEqual([exportId]);
  expect(report.ranking[0].exportId).toBe(exportId);
  expect(report.ranking[0].falseAttribution).toBeLessThanOrEqual(ATTRIBUTION_THRESHOLD);
  for (const other of report.ranking.slice(1)) expect(other.attributed).toBe(false);
}

describe("trace: 1,000 exports of people to different recipients", () => {
  it("attributes random 50-row excerpts, shuffled, renamed and headerless, to the right export by each channel", async () => {
    expect(source.length).toBeGreaterThanOrEqual(200);
    const rand = prng(20261129);
    for (let round = 0; round < 3; round++) {
      const leaked = ids[Math.floor(rand() * ids.length)];
      const rows = exportRows(leaked, source);

      const both = excerpt(rows, 50, rand);
      const report = await trace(toCsv(both.rows));
      expect(report.candidates).toBeGreaterThanOrEqual(EXPORTS);
      expect(report.rows).toBe(50);
      expectOnly(report, leaked);
      expect(report.ranking[0].token.matched).toBe(report.ranking[0].token.checked);
      expect(report.ranking[0].token.checked).toBe(100);
      expect(report.ranking[0].mark.matched).toBe(report.ranking[0].mark.checked);

      // Channel b alone: the token columns dropped, and a renamed header kept this time.
      const noTokens = excerpt(rows, 50, rand, TOKEN_COLUMNS);
      const header = noTokens.order.map((_, k) => `field_${k + 1}`);
      const marked = await trace(toCsv([header, ...noTokens.rows]));
      expect(marked.tokensFound).toBe(0);
      expectOnly(marked, leaked);
      expect(marked.ranking[0].token.matched).toBe(0);
      expect(marked.ranking[0].mark.column).toBe("created_at");
      expect(marked.ranking[0].mark.suspectColumn).toBe(noTokens.order.indexOf(CREATED_AT) + 1 - 1);
      expect(marked.ranking[0].mark.checked).toBeGreaterThanOrEqual(45);
    }
  }, 120_000);

  it("still attributes after a spreadsheet re-saved the excerpt (XLSX with real dates; CSV with ; and US dates)", async () => {
    const rand = prng(7);
    const leaked = ids[Math.floor(rand() * ids.length)];
    const rows = exportRows(leaked, source);
    const { rows: part, order } = excerpt(rows, 50, rand, TOKEN_COLUMNS);
    const at = order.indexOf(CREATED_AT);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["CONFIDENTIAL — forwarded"]);
    for (const r of part) {
      const row = sheet.addRow(r.map((v, k) => (k === at ? new Date(String(v)) : v)));
      row.getCell(at + 1).numFmt = "yyyy-mm-dd hh:mm:ss";
    }
    const xlsx = await traceFile(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(xlsx.kind).toBe("xlsx");
    expectOnly(xlsx, leaked);

    const us = (iso: string) => {
      const d = new Date(iso);
      const h = d.getUTCHours();
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
    };
    const resaved = toCsv(
      part.map((r) => r.map((v, k) => (k === at ? us(String(v)) : v))),
      ";",
    );
    const csv = await traceFile(new TextEncoder().encode(`sep=;\n${resaved}`));
    expectOnly(csv, leaked);
  }, 60_000);

  it("needs 1 row with a token (channel a) and 6 rows with distinct minutes (channel b) among 1,000 exports", async () => {
    const rand = prng(99);
    const leaked = ids[Math.floor(rand() * ids.length)];
    const rows = exportRows(leaked, source);
    const one = excerpt(rows, 1, rand);
    expectOnly(await trace(toCsv(one.rows)), leaked);

    // Distinct created_at minutes: two cells in one minute carry one mark, and count once.
    const seen = new Set<string>();
    const distinct = rows.filter((r) => {
      const minute = String(r[CREATED_AT]).slice(0, 16);
      return !seen.has(minute) && seen.add(minute);
    });
    const five = await trace(toCsv(excerpt(distinct, 5, rand, TOKEN_COLUMNS).rows));
    expect(five.ranking[0].exportId).toBe(leaked);
    expect(five.ranking[0].mark.matched).toBe(5);
    expect(five.attributed).toEqual([]);
    const six = await trace(toCsv(excerpt(distinct, 6, rand, TOKEN_COLUMNS).rows));
    expectOnly(six, leaked);
    expect(six.ranking[0].mark).toMatchObject({ checked: 6, matched: 6 });
  }, 60_000);

  it("attributes nothing to a file no export wrote, and ledgers every trace", async () => {
    // The same people, but the warehouse's own seconds and tokens under a key no export has.
    const raw = source.slice(0, 50).map((r) => r.values.map((v, k) => (TRACE_FILE_COLUMNS[k].rule === "token" ? "tok_abcdefghijklmnopqrst" : v)));
    const before = await ledgerHeadSeq();
    const report = await trace(toCsv(raw));
    expect(report.attributed).toEqual([]);
    expect(report.ranking.every((r) => r.falseAttribution > ATTRIBUTION_THRESHOLD)).toBe(true);
    expect(report.ledgerSeq).toBe(before + 1);
    const entry = await getDb().ledgerEntry.findFirst({ where: { seq: report.ledgerSeq } });
    expect(entry).toMatchObject({ action: "exports.traced", actorId: admin.id, resource: "export:unattributed" });
    const payload = JSON.parse(entry!.payload!) as Record<string, unknown>;
    expect(payload).toMatchObject({ file_sha256: report.fileSha256, rows: 50, attributed: [] });

    const leaked = ids[3];
    const hit = await trace(toCsv(excerpt(exportRows(leaked, source), 10, prng(1)).rows));
    const hitEntry = await getDb().ledgerEntry.findFirst({ where: { seq: hit.ledgerSeq } });
    expect(hitEntry).toMatchObject({ action: "exports.traced", resource: `export:${leaked}`, recordId: leaked, privacyTier: "pii_tax" });
    expect(JSON.parse(hitEntry!.payload!)).toMatchObject({ best: leaked, attributed: [leaked], rows: 10 });
  }, 60_000);
});

describe("trace: refusals create nothing", () => {
  it("refuses a file that is neither CSV nor XLSX (422), one over the limit (413) and an actor without export.trace", async () => {
    const before = await ledgerHeadSeq();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const refused = async (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e as AppError,
      );
    const notCsv = await refused(traceFile(png));
    expect(notCsv).toBeInstanceOf(AppError);
    expect(notCsv).toMatchObject({ code: "validation_failed", field: "file", status: 422 });
    const zip = await refused(traceFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])));
    expect(zip).toMatchObject({ status: 422, field: "file" });
    expect((zip as AppError).message).toMatch(/not an XLSX/);
    const big = await refused(traceFile(new Uint8Array(TRACE_MAX_BYTES + 1)));
    expect(big).toMatchObject({ code: "too_large", status: 413, field: "file" });
    const empty = await refused(trace("  \n"));
    expect(empty).toMatchObject({ status: 422, field: "text" });
    const analyst = await createTestUser("analyst", "not-a-tracer");
    const forbidden = await refused(traceLeak({ actor: analyst, meta: testMeta() }, { source: { kind: "text", text: "a,b\n" } }));
    expect(forbidden).toMatchObject({ code: "forbidden", status: 403 });
    const auditor = await createTestUser("auditor", "not-a-tracer");
    expect(await refused(traceLeak({ actor: auditor, meta: testMeta() }, { source: { kind: "text", text: "a,b\n" } }))).toMatchObject({
      status: 403,
    });
    expect(await ledgerHeadSeq()).toBe(before);
  });
});
