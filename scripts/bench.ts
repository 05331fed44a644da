// `npm run bench`: figures on the embedded default (SQLite, WAL, synchronous=FULL), in a throwaway data dir.
// Prints: appends/s through the gateway, through lib/ledger alone, the raw chained-insert floor of the same
// driver, and people look-up latency (p50/p95). Figures only; nothing here asserts a time.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-"));
process.env.WARDEN_DATA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "warden.db")}`;
process.env.WAREHOUSE_URL = `file:${path.join(dir, "warehouse.db")}`;
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50_000);
const N = Number(process.env.BENCH_N ?? 2_000);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en-US")}/s`;

async function main() {
  const { migrate } = await import("@/lib/db/migrate");
  const { dbTarget, disconnectDb } = await import("@/lib/db/client");
  const { closeRawHandles } = await import("@/lib/db/raw");
  const { generateDemoWarehouse } = await import("@/lib/warehouse/generate-demo-warehouse");
  const { seedCatalog } = await import("@/lib/catalog/seed-catalog");
  const { DEMO_CATALOG } = await import("@/lib/catalog/demo-catalog");
  const { createTestUser, grantScopes, testMeta } = await import("@/lib/test/fixtures");
  const { appendLedgerEntry } = await import("@/lib/ledger/append");
  const { getPerson } = await import("@/lib/people/get-person");
  const { searchPeople } = await import("@/lib/people/search-people");
  const { getWarehouse, closeWarehouse } = await import("@/lib/warehouse/get-warehouse");
  const { verifyLedger } = await import("@/lib/ledger/verify");

  await migrate(dbTarget());
  const w = generateDemoWarehouse({ path: process.env.WAREHOUSE_URL!.slice(5), size: PEOPLE, seed: 42 });
  await seedCatalog(DEMO_CATALOG);
  const analyst = await createTestUser("analyst", "bench");
  await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
  const ids = (await getWarehouse().searchPeople("ma", { limit: 500, columns: ["person_id"] })).map((r) => String(r.person_id));
  console.log(`Warden bench — SQLite (WAL, synchronous=FULL), ${w.people.toLocaleString("en-US")} people in the demo warehouse, node ${process.version}`);

  // 1. Raw floor: the same driver, the same chained SHA-256 over a similar row, no validation, no Prisma.
  const raw = new Database(path.join(dir, "floor.db"));
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = FULL");
  raw.exec("CREATE TABLE chain (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, prev_hash TEXT NOT NULL UNIQUE, entry_hash TEXT NOT NULL UNIQUE)");
  const ins = raw.prepare("INSERT INTO chain (seq, body, prev_hash, entry_hash) VALUES (?, ?, ?, ?)");
  const head = raw.prepare("SELECT seq, entry_hash FROM chain ORDER BY seq DESC LIMIT 1");
  const appendRaw = raw.transaction((body: string) => {
    const h = head.get() as { seq: number; entry_hash: string } | undefined;
    const prev = h?.entry_hash ?? "0".repeat(64);
    ins.run((h?.seq ?? 0) + 1, body, prev, createHash("sha256").update(body + prev).digest("hex"));
  });
  let t = performance.now();
  for (let i = 0; i < N; i++) appendRaw.immediate(`{"action":"people.record_viewed","record_id":"${ids[i % ids.length]}","seq":${i}}`);
  const floorMs = performance.now() - t;
  raw.close();

  // 2. lib/ledger alone: validation, canonical JSON, chain, insert.
  t = performance.now();
  for (let i = 0; i < N; i++) {
    await appendLedgerEntry({ actorId: analyst.id, actorRole: "analyst", action: "bench.appended", privacyTier: "none", resource: "bench", purpose: "bench", decision: "allow", requestId: `b${i}`, payload: { i } });
  }
  const ledgerMs = performance.now() - t;

  // 3. Through the gateway: grants + catalog lookup, warehouse read, masking, ledger append — one person view each.
  const lat: number[] = [];
  t = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await getPerson(analyst, { personId: ids[i % ids.length], purpose: "Benchmark run" }, testMeta());
    lat.push(performance.now() - s);
  }
  const gatewayMs = performance.now() - t;
  lat.sort((a, b) => a - b);

  const searchLat: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = performance.now();
    await searchPeople(analyst, { query: ["ma", "lo", "ch", "ro", "da"][i % 5], purpose: "Benchmark run" }, testMeta());
    searchLat.push(performance.now() - s);
  }
  searchLat.sort((a, b) => a - b);

  t = performance.now();
  const verified = await verifyLedger(dbTarget());
  const verifyMs = performance.now() - t;

  console.log("");
  console.log(`ledger appends through the gateway (person view)  ${rate(N, gatewayMs).padStart(10)}   (${N} sequential)`);
  console.log(`ledger appends via lib/ledger (append only)        ${rate(N, ledgerMs).padStart(10)}`);
  console.log(`raw chained-insert floor (better-sqlite3)          ${rate(N, floorMs).padStart(10)}`);
  console.log(`people look-up latency (gateway, one person)       p50 ${pct(lat, 50).toFixed(2)} ms   p95 ${pct(lat, 95).toFixed(2)} ms`);
  console.log(`people search latency (name prefix, 25 rows)       p50 ${pct(searchLat, 50).toFixed(2)} ms   p95 ${pct(searchLat, 95).toFixed(2)} ms`);
  console.log(`ledger verify                                      ${verified.count.toLocaleString("en-US")} entries in ${verifyMs.toFixed(0)} ms (${verified.ok ? "ok" : "FAILED"})`);

  await closeWarehouse();
  await disconnectDb();
  await closeRawHandles();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
