// `npx tsx scripts/bench/append-at-size.ts [SIZE]`: what one chained append costs on an empty ledger and at SIZE
// entries (default 1,000,000), on the ledger's real DDL as migrated, and with each variant of its hash indexes, so
// that a change to them is measured rather than guessed (decision 022). SQLite, WAL, synchronous=FULL, as served.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sealEntry, type ParsedDraft } from "@/lib/ledger/entry";
import { LEDGER_COLUMNS, toRow } from "@/lib/ledger/row";

const SIZE = Number(process.argv[2] ?? 1_000_000);
const N = Number(process.env.BENCH_N ?? 1_000);
const ROUNDS = 5;
// FULL as served; NORMAL takes the per-commit fsync out, leaving what the indexes cost (decision 022).
const SYNC = process.env.SYNC === "NORMAL" ? "NORMAL" : "FULL";
const dir = mkdtempSync(path.join(os.tmpdir(), "warden-append-size-"));

const draft = (i: number): ParsedDraft =>
  ({
    actorId: `usr_bench${i % 50}`,
    actorRole: "analyst",
    action: "people.record_viewed",
    privacyTier: "pii_sensitive",
    resource: "marketplace.people@1",
    recordId: `usr_p${i % 5000}`,
    purpose: "Benchmark run",
    decision: "mask",
    columnsShown: ["person_id", "full_name", "email", "city", "state", "phone", "street_address", "postal_code", "date_of_birth"],
    columnsMasked: ["tin"],
    columnsDenied: ["payout_1099_cents", "background_check_status", "background_check_ref"],
    policyVersion: "1",
    requestId: `req-${i}`,
    ipHash: null,
    uaHash: null,
    rowCount: 1,
    disclosedTier: "pii_sensitive",
    payload: { record_ids: [`usr_p${i % 5000}`] },
  }) as unknown as ParsedDraft;

async function ledgerDdl(): Promise<string[]> {
  process.env.WARDEN_DATA_DIR = dir;
  process.env.DATABASE_URL = `file:${path.join(dir, "schema.db")}`;
  const { migrate } = await import("@/lib/db/migrate");
  const { dbTarget } = await import("@/lib/db/client");
  const { closeRawHandles } = await import("@/lib/db/raw");
  await migrate(dbTarget());
  await closeRawHandles();
  const db = new Database(path.join(dir, "schema.db"), { readonly: true });
  const rows = db
    .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'ledger_entries' AND sql IS NOT NULL ORDER BY type <> 'table'")
    .all() as Array<{ sql: string }>;
  db.close();
  return rows.map((r) => r.sql);
}

/** A ledger file with `ddl` holding `size` chained entries, checkpointed; the fill is one transaction per 50,000. */
function build(file: string, ddl: string[], size: number): Database.Database {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${SYNC}`);
  for (const sql of ddl) db.exec(sql);
  const { insert, head } = statements(db);
  let h = head();
  for (let i = 0; i < size; i += 50_000) {
    db.transaction(() => {
      for (let j = i; j < Math.min(size, i + 50_000); j++) {
        const e = sealEntry(draft(j), h);
        insert.run(toRow(e));
        h = e;
      }
    })();
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  return db;
}

function statements(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map((c) => "@" + c).join(", ")})`);
  const headStmt = db.prepare("SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1");
  const head = () => {
    const r = headStmt.get() as { seq: number; entry_hash: string } | undefined;
    return r ? { seq: r.seq, entryHash: r.entry_hash } : null;
  };
  return { insert, head };
}

/**
 * N appends, one BEGIN IMMEDIATE transaction each, as the ledger makes them: appends per second (wall clock, which a
 * shared machine makes noisy), CPU per append (user + system, fsync calls included), and the pages each commit writes
 * to the WAL (deterministic: what the indexes cost in writes; checkpoints held off while measuring).
 */
function appendRate(db: Database.Database, file: string): { rate: number; cpuUs: number; walPages: number } {
  const { insert, head } = statements(db);
  const append = db.transaction(() => {
    const h = head();
    insert.run(toRow(sealEntry(draft((h?.seq ?? 0) + 1), h)));
  });
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.pragma("wal_autocheckpoint = 0");
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < N; i++) append.immediate();
  const rate = Math.round((N / (performance.now() - started)) * 1000);
  const used = process.cpuUsage(cpu);
  const walPages = statSync(`${file}-wal`).size / ((db.pragma("page_size", { simple: true }) as number) + 24) / N;
  db.pragma("wal_autocheckpoint = 1000");
  return { rate, cpuUs: Math.round((used.user + used.system) / N), walPages: Number(walPages.toFixed(2)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  // The migrated DDL (every index the ledger has today), and the hash indexes decisions 022 and 042 dropped, put back.
  const ddl = await ledgerDdl();
  const prevHash = 'CREATE UNIQUE INDEX "ledger_entries_prev_hash_key" ON "ledger_entries"("prev_hash")';
  const entryHash = 'CREATE UNIQUE INDEX "ledger_entries_entry_hash_key" ON "ledger_entries"("entry_hash")';
  const variants: Array<[string, string[]]> = [
    ["before 022 (UNIQUE prev_hash and UNIQUE entry_hash)", [...ddl, prevHash, entryHash]],
    ["before 042 (UNIQUE entry_hash only)", [...ddl, entryHash]],
    ["now (neither hash index)", ddl],
  ];
  for (const [name, v] of variants) {
    if (process.env.VARIANT && !name.startsWith(process.env.VARIANT)) continue;
    const emptyFile = path.join(dir, "empty.db");
    const fullFile = path.join(dir, "full.db");
    const empty = build(emptyFile, v, 0);
    const full = build(fullFile, v, SIZE);
    // Alternated rounds, medians: the machine is shared, so neither side gets a quiet minute the other did not.
    const rounds: { empty: ReturnType<typeof appendRate>[]; full: ReturnType<typeof appendRate>[] } = { empty: [], full: [] };
    for (let r = 0; r < ROUNDS; r++) {
      rounds.empty.push(appendRate(empty, emptyFile));
      rounds.full.push(appendRate(full, fullFile));
    }
    empty.close();
    full.close();
    const show = (xs: ReturnType<typeof appendRate>[]) =>
      `${median(xs.map((x) => x.rate))}/s, ${median(xs.map((x) => x.cpuUs))} µs CPU, ${median(xs.map((x) => x.walPages))} WAL pages per append`;
    const ratio = median(rounds.empty.map((x) => x.rate)) / median(rounds.full.map((x) => x.rate));
    console.log(
      `synchronous=${SYNC}, ${name}: empty ${show(rounds.empty)}; at ${SIZE.toLocaleString("en-US")} ${show(rounds.full)}; empty/full rate ${ratio.toFixed(2)}`,
    );
  }
}

void main().finally(() => rmSync(dir, { recursive: true, force: true }));
