// A CSV build's batches are encoded on several threads and written in the order they were read: the file must be
// byte for byte what one thread writes, whichever thread made which batch, and a thread that dies must cost no byte.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportRecord } from "../types";
import { encodeInOrder, type EncodeOptions, type EncodeStats } from "./encode-in-order";
import { encoderThreads } from "./encoder-threads";
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
