// A CSV build's batches are encoded on several threads and written in the order they were read: the file must be
// byte for byte what one thread writes, whichever thread made which batch, and a thread that dies must cost no byte.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteWarehouse, type WarehouseConnector } from "@/lib/warehouse/connector";
import { generateDemoWarehouse } from "@/lib/warehouse/generate-demo-warehouse";
import type { ExportRecord } from "../types";
import { encodeInOrder, encodeRanges, rangesOf, type EncodeOptions, type EncodeStats, type RowRange } from "./encode-in-order";
import { encoderThreads } from "./encoder-threads";
import { filePlan } from "./file-plan";
import { PEOPLE_PLAN } from "./test-helpers";

const exp = {
  id: "exp_encodeinorder",
  datasetKey: "marketplace.people",
  datasetVersion: 1,
  columns: PEOPLE_PLAN,
  filters: {},
  format: "csv",
  options: { csvComment: true, exportIdColumn: true },
  rowCap: 1_000_000,
} as unknown as ExportRecord;

/** 60 batches of 50 rows in the streamed order of PEOPLE_PLAN's file columns (person_id first), each batch made anew. */
async function* batches(): AsyncIterable<unknown[][]> {
  for (let b = 0; b < 60; b++) {
    yield Array.from({ length: 50 }, (_, k) => {
      const i = b * 50 + k;
      return [
        `usr_${String(i).padStart(6, "0")}`,
        i % 2 ? "seller" : "buyer",
        `Person ${i}`,
        `p${i}@example.com`,
        i % 7 ? "Springfield" : "=HYPERLINK(1)",
        "IL",
        `+1-415-555-${String(1000 + i).slice(-4)}`,
        `9${String(i).padStart(4, "0")}`,
        "1985-03-12",
        `${100 + (i % 800)}-45-${String(6789 + i).slice(-4)}`,
        i * 1234,
        i % 3 ? `2025-03-07T14:${String(i % 60).padStart(2, "0")}:09Z` : new Date(Date.UTC(2025, 2, 7, 14, 22, i % 60)),
      ];
    });
  }
}

async function encodeAll(opts: EncodeOptions): Promise<{ bytes: Buffer; rows: number }> {
  const parts: Buffer[] = [];
  let rows = 0;
  for await (const b of encodeInOrder(batches(), exp, opts)) {
    parts.push(Buffer.from(b.bytes));
    rows += b.rows;
  }
  return { bytes: Buffer.concat(parts), rows };
}

const fresh = (): EncodeStats => ({ threaded: 0, local: 0, fellBack: 0 });

describe("encodeInOrder", () => {
  it("writes the same bytes with encoder threads as the calling thread alone, in the order read", async () => {
    const alone = fresh();
    const expected = await encodeAll({ threads: 0, stats: alone });
    expect(alone).toEqual({ threaded: 0, local: 60, fellBack: 0 });
    expect(expected.rows).toBe(3_000);
    // Not vacuous: masked, tokenized, neutralised, with the export id, in the read order.
    const text = expected.bytes.toString("utf8");
    expect(text).toContain("tok_");
    expect(text).toContain("'=HYPERLINK(1)");
    expect(text.indexOf("usr_000049")).toBeLessThan(text.indexOf("usr_002950"));
    expect(text).toContain(exp.id);

    for (const threads of [1, 2]) {
      const stats = fresh();
      const got = await encodeAll({ threads, stats, awaitThreads: true, start: encoderThreads() });
      expect(stats.threaded, `${threads} thread(s) encoded some batches`).toBeGreaterThan(0);
      expect(stats.threaded + stats.local).toBe(60);
      expect(got.rows).toBe(3_000);
      expect(got.bytes.equals(expected.bytes), `${threads} thread(s): the same bytes`).toBe(true);
    }
  });

  it("encodes a batch itself when its thread dies with it, and writes the same bytes", async () => {
    const expected = await encodeAll({ threads: 0 });
    const stats = fresh();
    const got = await encodeAll({
      threads: 1,
      stats,
      awaitThreads: true,
      start: encoderThreads(path.resolve("lib/exports/build/fixtures/encoder-that-dies.cjs")),
    });
    expect(stats.fellBack).toBeGreaterThan(0);
    expect(stats.threaded).toBe(0);
    expect(got.bytes.equals(expected.bytes)).toBe(true);
  });
});

describe("encodeRanges", () => {
  let dir: string;
  let file: string;
  let warehouse: WarehouseConnector;
  const ref = "marketplace.people@1";
  const plan = filePlan(exp);
  const read = (range: RowRange = {}) => warehouse.streamRows(ref, { columns: plan.streamColumnNames, filters: {}, ...range, batchSize: 300 });
  const ranges = (rows: number) => rangesOf(warehouse.streamRows(ref, { columns: [], filters: {}, batchSize: rows }));
  const collect = async (batches: AsyncIterable<{ bytes: Uint8Array; rows: number }>) => {
    const parts: Buffer[] = [];
    let rows = 0;
    for await (const b of batches) {
      parts.push(Buffer.from(b.bytes));
      rows += b.rows;
    }
    return { bytes: Buffer.concat(parts), rows };
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "warden-encode-ranges-"));
    file = path.join(dir, "warehouse.db");
    generateDemoWarehouse({ path: file, size: 2_500, seed: 3 });
    warehouse = openSqliteWarehouse(file);
  }, 120_000);
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads and encodes key ranges on the threads' own connections into the bytes one thread writes from one stream", async () => {
    const expected = await collect(encodeInOrder(read(), exp, { threads: 0 }));
    expect(expected.rows).toBe(2_500);
    for (const [threads, size] of [
      [0, 700],
      [1, 700],
      [2, 400],
      [2, 5_000],
    ] as const) {
      const stats = fresh();
      const got = await collect(
        encodeRanges(ranges(size), exp, { threads, stats, awaitThreads: true, start: encoderThreads(), warehouseFile: file, readRange: read }),
      );
      if (threads > 0) expect(stats.threaded, `${threads} thread(s) read some ranges`).toBeGreaterThan(0);
      expect(got.rows).toBe(2_500);
      expect(got.bytes.equals(expected.bytes), `${threads} thread(s), ranges of ${size}: the same bytes`).toBe(true);
    }
  });

  it("reads a range itself when its thread dies with it, and writes the same bytes", async () => {
    const expected = await collect(encodeInOrder(read(), exp, { threads: 0 }));
    const stats = fresh();
    const got = await collect(
      encodeRanges(ranges(600), exp, {
        threads: 1,
        stats,
        awaitThreads: true,
        start: encoderThreads(path.resolve("lib/exports/build/fixtures/encoder-that-dies.cjs")),
        warehouseFile: file,
        readRange: read,
      }),
    );
    expect(stats.fellBack).toBeGreaterThan(0);
    expect(stats.threaded).toBe(0);
    expect(got.bytes.equals(expected.bytes)).toBe(true);
  });

  it("cuts the ids into ranges that cover them once, the last one open", async () => {
    async function* ids() {
      yield [["a"], ["b"]];
      yield [["c"], ["d"]];
      yield [["e"]];
    }
    const got: RowRange[] = [];
    for await (const r of rangesOf(ids())) got.push(r);
    expect(got).toEqual([{ through: "b" }, { after: "b", through: "d" }, { after: "d", through: "e" }, { after: "e" }]);
  });
});
