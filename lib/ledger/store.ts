// Ledger storage on the driver directly (Prisma's per-insert overhead is ~10x on this hot path), one
// implementation per dialect. Appends are serialised so the chain never forks: SQLite by BEGIN IMMEDIATE
// (one writer per file), PostgreSQL by a transaction-scoped advisory lock; the UNIQUE prev_hash index
// backs both up, so a fork is impossible even for a writer that skips the lock. The head is read from seq >= 1
// only: a row forged below the chain must not become the predecessor of real entries.
import type Database from "better-sqlite3";
import type pg from "pg";
import type { DbTarget } from "@/lib/db/dialect";
import { retryWhileBusy } from "@/lib/db/busy";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { sealEntry, type LedgerEntry, type ParsedDraft } from "./entry";
import { LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";

/**
 * Writes that must commit with the entries or not at all (an ingested event's receipt, say): run inside the
 * append's transaction, after the inserts, on the same connection. A throw rolls the entries back too.
 */
export interface LedgerSideWrite {
  sqlite(db: Database.Database, entries: readonly LedgerEntry[]): void;
  pg(client: pg.PoolClient, entries: readonly LedgerEntry[]): Promise<void>;
}

export interface LedgerStore {
  append(drafts: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]>;
  head(): Promise<{ seq: number; entryHash: string } | null>;
  /** Every stored row in seq order, seq <= 0 included (verify must see forged rows too), read in batches. */
  scan(): AsyncIterable<LedgerRow>;
}

const SCAN_BATCH = 5_000;

export const COLS = LEDGER_COLUMNS.join(", ");

class SqliteLedgerStore implements LedgerStore {
  private readonly headStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly scanFirstStmt: Database.Statement;
  private readonly scanNextStmt: Database.Statement;
  private readonly appendTx: Database.Transaction<(drafts: ParsedDraft[], side?: LedgerSideWrite) => LedgerEntry[]>;

  constructor(private readonly db: Database.Database) {
    this.headStmt = db.prepare("SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1");
    this.insertStmt = db.prepare(`INSERT INTO ledger_entries (${COLS}) VALUES (${LEDGER_COLUMNS.map((c) => "@" + c).join(", ")})`);
    // BigInt seqs: a forged seq beyond 2^53 would otherwise round, and keyset paging on it would never advance.
    this.scanFirstStmt = db.prepare(`SELECT ${COLS} FROM ledger_entries ORDER BY seq LIMIT ?`).safeIntegers(true);
    this.scanNextStmt = db.prepare(`SELECT ${COLS} FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT ?`).safeIntegers(true);
    this.appendTx = db.transaction((drafts: ParsedDraft[], side?: LedgerSideWrite) => {
      let head = this.readHead();
      const entries = drafts.map((d) => {
        const entry = sealEntry(d, head);
        this.insertStmt.run(toRow(entry));
        head = entry;
        return entry;
      });
      side?.sqlite(db, entries);
      return entries;
    });
  }

  private readHead(): { seq: number; entryHash: string } | null {
    const r = this.headStmt.get() as { seq: number; entry_hash: string } | undefined;
    return r ? { seq: r.seq, entryHash: r.entry_hash } : null;
  }

  async append(drafts: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
    // BEGIN IMMEDIATE fails at once while another connection writes; wait for it off the event loop.
    return retryWhileBusy(() => this.appendTx.immediate(drafts, side), { what: "the access ledger" });
  }

  async head() {
    return this.readHead();
  }

  async *scan(): AsyncIterable<LedgerRow> {
    let after: bigint | null = null;
    for (;;) {
      const batch = (after === null ? this.scanFirstStmt.all(SCAN_BATCH) : this.scanNextStmt.all(after, SCAN_BATCH)) as Array<
        Record<string, unknown>
      >;
      if (batch.length === 0) return;
      after = batch[batch.length - 1].seq as bigint;
      for (const raw of batch) yield fromSafeIntegers(raw);
    }
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Integers as numbers where exact, else as their decimal text (the verifier names such a seq as stored). */
function fromSafeIntegers(row: Record<string, unknown>): LedgerRow {
  for (const k in row) {
    const v = row[k];
    if (typeof v === "bigint") row[k] = v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
  }
  return row as LedgerRow;
}

// Any constant works; every process appending to this database uses the same one.
export const PG_LEDGER_LOCK = 72_616_364;

class PgLedgerStore implements LedgerStore {
  private readonly insertSql = `INSERT INTO ledger_entries (${COLS}) VALUES (${LEDGER_COLUMNS.map((_, i) => "$" + (i + 1)).join(", ")})`;

  constructor(private readonly pool: pg.Pool) {}

  private async readHead(client: pg.Pool | pg.PoolClient) {
    const { rows } = await client.query<{ seq: number; entry_hash: string }>(
      "SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1",
    );
    return rows[0] ? { seq: Number(rows[0].seq), entryHash: rows[0].entry_hash } : null;
  }

  async append(drafts: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [PG_LEDGER_LOCK]);
      let head = await this.readHead(client);
      const out: LedgerEntry[] = [];
      for (const d of drafts) {
        const entry = sealEntry(d, head);
        const row = toRow(entry);
        await client.query(
          this.insertSql,
          LEDGER_COLUMNS.map((c) => row[c]),
        );
        out.push(entry);
        head = entry;
      }
      await side?.pg(client, out);
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async head() {
    return this.readHead(this.pool);
  }

  async *scan(): AsyncIterable<LedgerRow> {
    // seq is a 4-byte integer here, so it is always exact as a JS number.
    let after: number | null = null;
    for (;;) {
      const { rows }: { rows: LedgerRow[] } =
        after === null
          ? await this.pool.query(`SELECT ${COLS} FROM ledger_entries ORDER BY seq LIMIT $1`, [SCAN_BATCH])
          : await this.pool.query(`SELECT ${COLS} FROM ledger_entries WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, SCAN_BATCH]);
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].seq);
      yield* rows;
    }
  }
}

const cache = globalThis as unknown as { __wardenLedgerStores?: Map<string, LedgerStore> };

export function ledgerStore(target: DbTarget): LedgerStore {
  const key = target.dialect === "sqlite" ? target.path : target.url;
  cache.__wardenLedgerStores ??= new Map();
  let store = cache.__wardenLedgerStores.get(key);
  if (!store) {
    store = target.dialect === "sqlite" ? new SqliteLedgerStore(sqliteHandle(target.path)) : new PgLedgerStore(pgPool(target.url));
    cache.__wardenLedgerStores.set(key, store);
  }
  return store;
}
