// The concurrency proof (issue 7, "Done when"; decision 022): 16 writers × 2,000 appends, each writer its own process,
// mixing person views through the gateway and ingest-like batches with a side write, on the dialect under test.
// Every entry is present exactly once, no two entries share a predecessor (nothing forks), each batch is contiguous
// with its receipts, and verify passes. LOAD_WRITERS / LOAD_APPENDS shrink it for a quick local run.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbTarget, getDb } from "@/lib/db/client";
import { verifyLedger } from "@/lib/ledger/verify";
import { createTestUser, grantScopes, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { loadViews } from "@/lib/test/ledger-load-shape";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";

const WRITERS = Number(process.env.LOAD_WRITERS ?? 16);
const APPENDS = Number(process.env.LOAD_APPENDS ?? 2_000);
const run = `load-${randomUUID().slice(0, 8)}`;
const worker = path.join(process.cwd(), "lib", "test", "ledger-load-worker.ts");

beforeAll(async () => {
  await rawExec("CREATE TABLE IF NOT EXISTS test_load_receipts (request_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)");
});
afterAll(async () => {
  await rawExec("DROP TABLE IF EXISTS test_load_receipts");
});

describe(`ledger concurrency: ${WRITERS} writer processes × ${APPENDS} appends`, () => {
  it(
    "writes every entry exactly once, forks nothing, keeps each batch contiguous with its receipts, and verifies",
    { timeout: 300_000 },
    async () => {
      const analyst = await createTestUser("analyst");
      await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
      const people = (await getWarehouse().searchPeople("ma", { limit: 25, columns: ["person_id"] })).map((r) => String(r.person_id));
      const before = await ledgerHeadSeq();

      const outputs = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) =>
          promisify(execFile)(process.execPath, ["--import", "tsx", worker], {
            env: {
              ...process.env,
              LOAD_RUN: run,
              LOAD_WORKER: String(w),
              LOAD_APPENDS: String(APPENDS),
              LOAD_ANALYST: analyst.id,
              LOAD_PEOPLE: people.join(","),
              // Sixteen processes take turns at one lock: each may wait a while, but none may give up (a 503 fails the test).
              WARDEN_DB_LOCK_WAIT_MS: "60000",
            },
            maxBuffer: 16 * 1024 * 1024,
          }),
        ),
      );
      for (const o of outputs) expect(o.stdout.trim()).toBe(`done ${APPENDS}`);

      const rows = await getDb().ledgerEntry.findMany({
        where: { requestId: { startsWith: `${run}-` } },
        select: { seq: true, requestId: true, prevHash: true, action: true },
        orderBy: { seq: "asc" },
      });
      const views = loadViews(APPENDS);
      const expected = Array.from({ length: WRITERS }, (_, w) => [
        ...Array.from({ length: views }, (_, i) => `${run}-w${w}-v${i}`),
        ...Array.from({ length: APPENDS - views }, (_, i) => `${run}-w${w}-b${Math.floor(i / 50)}-${i % 50}`),
      ]).flat();
      // Exactly once: as many rows as appends, no request id twice, and every expected one there.
      expect(rows).toHaveLength(WRITERS * APPENDS);
      expect(new Set(rows.map((r) => r.requestId)).size).toBe(rows.length);
      const have = new Set(rows.map((r) => r.requestId));
      expect(expected.filter((id) => !have.has(id))).toEqual([]);

      // Nothing else wrote meanwhile, so this run's entries fill the seqs after `before`, with no predecessor shared.
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => before + 1 + i));
      expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);

      // Each ingest batch is contiguous, and its receipts (the side write) name exactly its entries.
      const bySeq = new Map(rows.map((r) => [r.requestId, r.seq]));
      for (let w = 0; w < WRITERS; w++) {
        for (let b = 0; b * 50 < APPENDS - views; b++) {
          const seqs = Array.from({ length: Math.min(50, APPENDS - views - b * 50) }, (_, k) => bySeq.get(`${run}-w${w}-b${b}-${k}`)!);
          expect(seqs).toEqual(seqs.map((_, k) => seqs[0] + k));
        }
      }
      const receipts = await getDb().$queryRawUnsafe<Array<{ request_id: string; seq: number | bigint }>>(
        "SELECT request_id, seq FROM test_load_receipts",
      );
      expect(receipts).toHaveLength(WRITERS * (APPENDS - views));
      for (const r of receipts) expect(bySeq.get(r.request_id)).toBe(Number(r.seq));

      const verified = await verifyLedger(dbTarget());
      expect(verified).toMatchObject({ ok: true, gaps: { count: 0 }, broken: { count: 0 } });
      expect(verified.head?.seq).toBe(before + WRITERS * APPENDS);
    },
  );
});
