// One writer of the concurrency test (lib/access/concurrency.test.ts), run as its own process against the test's
// database: LOAD_APPENDS entries, a quarter person views through the gateway (in waves of concurrent reads), the rest
// ingest-like batches of 50 through appendLedgerEntries with a side write (a receipt per entry, in the same
// transaction). Every entry's request id is `${LOAD_RUN}-w${LOAD_WORKER}-…`. Prints "done N" when finished.
import type { LedgerSideWrite } from "@/lib/ledger/store";
import { loadViews } from "./ledger-load-shape";

const run = process.env.LOAD_RUN!;
const worker = Number(process.env.LOAD_WORKER);
const appends = Number(process.env.LOAD_APPENDS);
const analystId = process.env.LOAD_ANALYST!;
const people = process.env.LOAD_PEOPLE!.split(",");
const BATCH = 50;
// Concurrent reads per process: each may hold a pooled connection, and 16 processes × (WAVE + 1) must stay under a
// throwaway PostgreSQL's 100 connections (the pool's own cap is 10 per process).
const WAVE = 4;

async function main() {
  const { getPerson } = await import("@/lib/people/get-person");
  const { appendLedgerEntries } = await import("@/lib/ledger/append");
  const { closeRawHandles } = await import("@/lib/db/raw");
  const { closeWarehouse } = await import("@/lib/warehouse/get-warehouse");

  const receipts: LedgerSideWrite = {
    sqlite: (db, entries) => {
      const insert = db.prepare("INSERT INTO test_load_receipts (request_id, seq) VALUES (?, ?)");
      for (const e of entries) insert.run(e.requestId, e.seq);
    },
    pg: async (client, entries) => {
      await client.query("INSERT INTO test_load_receipts (request_id, seq) SELECT * FROM unnest($1::text[], $2::int[])", [
        entries.map((e) => e.requestId),
        entries.map((e) => e.seq),
      ]);
    },
  };
  const actor = { id: analystId, role: "analyst" as const };
  const views = loadViews(appends);
  const batches = Math.ceil((appends - views) / BATCH);
  let viewed = 0;
  let ingested = 0;
  for (let b = 0; viewed < views || ingested < appends - views; b++) {
    // Views up to this batch's share, WAVE at a time, then one batch: the two kinds interleave all along.
    const target = Math.min(views, Math.round(((b + 1) / batches) * views));
    while (viewed < target) {
      const wave = Array.from({ length: Math.min(WAVE, target - viewed) }, (_, k) => viewed + k);
      await Promise.all(
        wave.map((i) =>
          getPerson(
            actor,
            { personId: people[i % people.length], purpose: "Concurrency test" },
            { requestId: `${run}-w${worker}-v${i}`, ipHash: null, uaHash: null },
          ),
        ),
      );
      viewed += wave.length;
    }
    const size = Math.min(BATCH, appends - views - ingested);
    if (size > 0) {
      await appendLedgerEntries(
        Array.from({ length: size }, (_, k) => ({
          actorId: null,
          actorRole: "system",
          action: "test.event_ingested",
          privacyTier: "pii_basic",
          resource: "test.ingest",
          purpose: "Concurrency test",
          decision: "allow",
          requestId: `${run}-w${worker}-b${b}-${k}`,
          payload: { worker, batch: b, k },
        })),
        receipts,
      );
      ingested += size;
    }
  }
  await closeWarehouse();
  await closeRawHandles();
  console.log(`done ${viewed + ingested}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
