// Ledger storage on the driver directly (Prisma's per-insert overhead is ~10x on this hot path), one
// implementation per dialect. Appends are serialised so the chain never forks: SQLite by BEGIN IMMEDIATE
// (one writer per file), PostgreSQL by a transaction-scoped advisory lock; the UNIQUE prev_hash index
// backs both up, so a fork is impossible even for a writer that skips the lock.
import type Database from "better-sqlite3";
import type pg from "pg";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { sealEntry, type LedgerEntry, type ParsedDraft } from "./entry";
import { LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";

export interface LedgerStore {
  append(drafts: ParsedDraft[]): Promise<LedgerEntry[]>;
  head(): Promise<{ seq: number; entryHash: string } | null>;
  /** Entries with seq > afterSeq in seq order, at most `limit`. */
  range(afterSeq: number, limit: number): Promise<LedgerRow[]>;
}

const COLS = LEDGER_COLUMNS.join(", ");

class SqliteLedgerStore implements LedgerStore {
  private readonly headStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly rangeStmt: Database.Statement;
  private readonly appendTx: Database.Transaction<(drafts: ParsedDraft[]) => LedgerEntry[]>;

  constructor(private readonly db: Database.Database) {
    this.headStmt = db.prepare("SELECT seq, entry_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1");
    this.insertStmt = db.prepare(`INSERT INTO ledger_entries (${COLS}) VALUES (${LEDGER_COLUMNS.map((c) => "@" + c).join(", ")})`);
    this.rangeStmt = db.prepare(`SELECT ${COLS} FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.appendTx = db.transaction((drafts: ParsedDraft[]) => {
      let head = this.readHead();
      return drafts.map((d) => {
        const entry = sealEntry(d, head);
        this.insertStmt.run(toRow(entry));
        head = entry;
        return entry;
      });
    });
  }

  private readHead(): { seq: number; entryHash: string } | null {
    const r = this.headStmt.get() as { seq: number; entry_hash: string } | undefined;
    return r ? { seq: r.seq, entryHash: r.entry_hash } : null;
  }

  async append(drafts: ParsedDraft[]): Promise<LedgerEntry[]> {
    return this.appendTx.immediate(drafts);
  }

  async head() {
    return this.readHead();
  }

  async range(afterSeq: number, limit: number): Promise<LedgerRow[]> {
    return this.rangeStmt.all(afterSeq, limit) as LedgerRow[];
  }
}

// Any constant works; every process appending to this database uses the same one.
const PG_LEDGER_LOCK = 72_616_364;

class PgLedgerStore implements LedgerStore {
  private readonly insertSql = `INSERT INTO ledger_entries (${COLS}) VALUES (${LEDGER_COLUMNS.map((_, i) => "$" + (i + 1)).join(", ")})`;

  constructor(private readonly pool: pg.Pool) {}

  private async readHead(client: pg.Pool | pg.PoolClient) {
    const { rows } = await client.query<{ seq: number; entry_hash: string }>(
      "SELECT seq, entry_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1",
    );
    return rows[0] ? { seq: Number(rows[0].seq), entryHash: rows[0].entry_hash } : null;
  }

  async append(drafts: ParsedDraft[]): Promise<LedgerEntry[]> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [PG_LEDGER_LOCK]);
      let head = await this.readHead(client);
      const out: LedgerEntry[] = [];
      for (const d of drafts) {
        const entry = sealEntry(d, head);
        const row = toRow(entry);
        await client.query(this.insertSql, LEDGER_COLUMNS.map((c) => row[c]));
        out.push(entry);
        head = entry;
      }
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

  async range(afterSeq: number, limit: number): Promise<LedgerRow[]> {
    const { rows } = await this.pool.query(`SELECT ${COLS} FROM ledger_entries WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
    return rows as LedgerRow[];
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
