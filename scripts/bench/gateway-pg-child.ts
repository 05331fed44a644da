// The measuring half of gateway_appends_per_s_pg (gateway-pg.ts starts it with DATABASE_URL on PostgreSQL). Prints one
// JSON line: the gateway's person views per second and the raw floor's appends per second, alternated.
import Database from "better-sqlite3";
import pg from "pg";
import { performance } from "node:perf_hooks";
import type { ParsedDraft } from "@/lib/ledger/entry";

const N = Number(process.env.BENCH_N ?? 2_000);
const WARMUP = 20;
// Not the ledger's: the floor's table is its own, so the two never wait on each other's lock.
const FLOOR_LOCK = 72_616_399;

async function main() {
  const { migrate } = await import("@/lib/db/migrate");
  const { dbTarget, disconnectDb } = await import("@/lib/db/client");
  const { closeRawHandles } = await import("@/lib/db/raw");
  const { seedCatalog } = await import("@/lib/catalog/seed-catalog");
  const { DEMO_CATALOG } = await import("@/lib/catalog/demo-catalog");
  const { createTestUser, grantScopes, testMeta } = await import("@/lib/test/fixtures");
  const { getPerson } = await import("@/lib/people/get-person");
  const { closeWarehouse } = await import("@/lib/warehouse/get-warehouse");
  const { sealEntry } = await import("@/lib/ledger/entry");
  const { toRow, LEDGER_COLUMNS } = await import("@/lib/ledger/row");

  const target = dbTarget();
  if (target.dialect !== "postgresql") throw new Error("gateway-pg-child runs on PostgreSQL");
  await migrate(target);
  await seedCatalog(DEMO_CATALOG);
  const analyst = await createTestUser("analyst", "bench");
  await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
  const purpose = "Benchmark run";

  const wh = new Database(process.env.WAREHOUSE_URL!.slice("file:".length), { readonly: true });
  const people = (wh.prepare("SELECT count(*) AS n FROM people").get() as { n: number }).n;
  const step = Math.max(1, Math.floor(people / 500));
  const recordIds = (wh.prepare("SELECT person_id FROM people WHERE rowid % ? = 0 LIMIT 500").all(step) as Array<{ person_id: string }>).map(
    (r) => r.person_id,
  );
  wh.close();

  // The floor: one pooled client, BEGIN, the advisory lock, the head, one prepared INSERT, COMMIT, per entry; the
  // ledger's own sealing and hashing over a person-view-shaped entry, into a table with the ledger's columns and indexes.
  const pool = new pg.Pool({ connectionString: target.url, max: 1 });
  await pool.query("DROP TABLE IF EXISTS bench_floor_ledger");
  await pool.query("CREATE TABLE bench_floor_ledger (LIKE ledger_entries INCLUDING ALL)");
  const insert = `INSERT INTO bench_floor_ledger (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map((_, i) => "$" + (i + 1)).join(", ")})`;
  const floorAppend = async (recordId: string, i: number) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [FLOOR_LOCK]);
      const { rows } = await client.query<{ seq: number; entry_hash: string }>({
        name: "floor_head",
        text: "SELECT seq, entry_hash FROM bench_floor_ledger ORDER BY seq DESC LIMIT 1",
      });
      const h = rows[0];
      const entry = sealEntry(
        {
          actorId: analyst.id,
          actorRole: "analyst",
          action: "people.record_viewed",
          privacyTier: "background",
          resource: "marketplace.people@1",
          recordId,
          purpose,
          decision: "mask",
          columnsShown: ["person_id", "full_name", "email", "city", "state", "phone", "street_address", "postal_code", "date_of_birth"],
          columnsMasked: ["tin"],
          columnsDenied: ["payout_1099_cents", "background_check_status", "background_check_ref"],
          policyVersion: "1",
          requestId: `floor-${i}`,
          ipHash: null,
          uaHash: null,
          rowCount: 1,
          disclosedTier: "pii_sensitive",
          payload: { record_ids: [recordId] },
        } as unknown as ParsedDraft,
        h ? { seq: Number(h.seq), entryHash: h.entry_hash } : null,
      );
      const row = toRow(entry);
      await client.query({ name: "floor_insert", text: insert, values: LEDGER_COLUMNS.map((c) => row[c]) });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  };

  let gatewayMs = 0;
  let floorMs = 0;
  for (let i = -WARMUP; i < N; i++) {
    const personId = recordIds[(i + WARMUP) % recordIds.length];
    let t = performance.now();
    await floorAppend(personId, i);
    if (i >= 0) floorMs += performance.now() - t;
    t = performance.now();
    await getPerson(analyst, { personId, purpose }, testMeta());
    if (i >= 0) gatewayMs += performance.now() - t;
  }
  await pool.query("DROP TABLE bench_floor_ledger");
  await pool.end();
  await closeWarehouse();
  await disconnectDb();
  await closeRawHandles();
  const perSecond = (ms: number) => Math.round((N / ms) * 1000);
  console.log(
    JSON.stringify({
      value: perSecond(gatewayMs),
      floor: perSecond(floorMs),
      note: `${N.toLocaleString("en-US")} sequential person views on PostgreSQL (grants, catalog, warehouse read, masking, ledger append), ${people.toLocaleString("en-US")} people; floor: raw pg chained insert (BEGIN, advisory lock, head, INSERT, COMMIT), same sealing and hashing, alternated with the views`,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
