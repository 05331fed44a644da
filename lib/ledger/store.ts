// Ledger storage on the driver directly (Prisma's per-insert overhead is ~10x on this hot path), one
// implementation per dialect. Appends are serialised so the chain never forks: SQLite by BEGIN IMMEDIATE
// (one writer per file), PostgreSQL by a transaction-scoped advisory lock; the primary key on seq backs both up
// (every entry takes seq = head.seq + 1 from the head it chains to, so two entries chained to one predecessor
// collide), so a fork is impossible even for a writer that skips the lock. The head is read from seq >= 1
// only: a row forged below the chain must not become the predecessor of real entries.
// Group commit (decision 022): appends that arrive while one is being written wait and are sealed together in the
// next transaction, each caller's entries contiguous; one fsync (SQLite) or one locked round trip (PostgreSQL) for
// all. If that transaction fails, every caller in it gets the error (fail closed).
import type Database from "better-sqlite3";
import type pg from "pg";
import type { DbTarget } from "@/lib/db/dialect";
import { env } from "@/lib/core/env";
import { busyTimeout, isBusyError } from "@/lib/db/busy";
import { insertRows, pgPool, sqliteHandle } from "@/lib/db/raw";
import { sealEntry, type LedgerEntry, type ParsedDraft } from "./entry";
import { LEDGER_COLUMNS, pushRowValues, type LedgerRow } from "./row";

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
  /** Transactions this store committed in this process (each holds one or more callers' appends). */
  readonly commits: number;
  /** Every stored row in seq order, seq <= 0 included (verify must see forged rows too), read in batches. */
  scan(): AsyncIterable<LedgerRow>;
}

const SCAN_BATCH = 5_000;
/** Entries per group commit at most (PostgreSQL: 1,000 rows × 23 parameters stays under the 65,535 limit). */
const GROUP_MAX = 1_000;

interface Pending {
  drafts: ParsedDraft[];
  side?: LedgerSideWrite;
  resolve: (entries: LedgerEntry[]) => void;
  reject: (err: unknown) => void;
}

/**
 * The queue in front of one store. A caller with a side write goes alone (a side write that throws must fail only
 * its own caller's entries); the rest are taken in arrival order up to GROUP_MAX entries.
 */
class GroupCommit {
  private readonly queue: Pending[] = [];
  private draining = false;
  commits = 0;

  constructor(private readonly commit: (batch: readonly Pending[]) => Promise<LedgerEntry[][]>) {}

  append(drafts: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ drafts, side, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // After this turn's I/O callbacks: requests that arrived together are written together.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      try {
        const results = await this.commit(batch);
        this.commits++;
        batch.forEach((p, i) => p.resolve(results[i]));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.draining = false;
  }

  private take(): Pending[] {
    const first = this.queue.shift()!;
    if (first.side) return [first];
    const batch = [first];
    let n = first.drafts.length;
    while (this.queue.length > 0 && !this.queue[0].side && n + this.queue[0].drafts.length <= GROUP_MAX) {
      const next = this.queue.shift()!;
      n += next.drafts.length;
      batch.push(next);
    }
    return batch;
  }
}

export const COLS = LEDGER_COLUMNS.join(", ");

/**
 * Rows per INSERT on SQLite for a batch (lib/db/raw.ts insertRows): one statement step for 50 rows instead of 50 cut
 * the insert part of a 1,000-entry batch by a quarter to a third (the rest is the ledger's index maintenance); 200
 * took another ~10 % off it, 500 nothing more (decision 046). 200 × 23 parameters is far under SQLite's 32,766.
 */
export const SQLITE_INSERT_ROWS = 200;

class SqliteLedgerStore implements LedgerStore {
  private readonly headStmt: Database.Statement;
  private readonly scanFirstStmt: Database.Statement;
  private readonly scanNextStmt: Database.Statement;
  private readonly appendTx: Database.Transaction<(batch: readonly Pending[]) => LedgerEntry[][]>;
  private readonly group = new GroupCommit((batch) => this.commitWhenFree(batch));

  constructor(private readonly db: Database.Database) {
    this.headStmt = db.prepare("SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1");
    // BigInt seqs: a forged seq beyond 2^53 would otherwise round, and keyset paging on it would never advance.
    this.scanFirstStmt = db.prepare(`SELECT ${COLS} FROM ledger_entries ORDER BY seq LIMIT ?`).safeIntegers(true);
    this.scanNextStmt = db.prepare(`SELECT ${COLS} FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT ?`).safeIntegers(true);
    this.appendTx = db.transaction((batch: readonly Pending[]) => {
      let head = this.readHead();
      return batch.map(({ drafts, side }) => {
        const entries = drafts.map((d) => (head = sealEntry(d, head)));
        insertRows(db, "ledger_entries", LEDGER_COLUMNS, SQLITE_INSERT_ROWS, entries, pushRowValues);
        side?.sqlite(db, entries);
        return entries;
      });
    });
  }

  private readHead(): { seq: number; entryHash: string } | null {
    const r = this.headStmt.get() as { seq: number; entry_hash: string } | undefined;
    return r ? { seq: r.seq, entryHash: r.entry_hash } : null;
  }

  append(drafts: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
    return this.group.append(drafts, side);
  }

  get commits() {
    return this.group.commits;
  }

  /**
   * BEGIN IMMEDIATE fails at once while another connection writes; wait for it off the event loop (more appends
   * queue meanwhile and go in the next transaction). The ledger's lock is held for a millisecond or so at a time,
   * so it is polled every 1–8 ms rather than with lib/db/busy.ts's backoff to 100 ms, which left it idle most of the
   * time with several processes appending (decision 022). Same deadline, same 503 after it.
   */
  private async commitWhenFree(batch: readonly Pending[]): Promise<LedgerEntry[][]> {
    const deadline = Date.now() + env().dbLockWaitMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 8)) {
      try {
        return this.appendTx.immediate(batch);
      } catch (err) {
        if (!isBusyError(err)) throw err;
        const left = deadline - Date.now();
        if (left <= 0) throw busyTimeout("the access ledger", err);
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, delay * (0.5 + Math.random()))));
      }
    }
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

// Lock and head in one round trip (a simple query may hold several statements; it takes no parameters).
const PG_BEGIN = `BEGIN; SELECT pg_advisory_xact_lock(${PG_LEDGER_LOCK}); SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1`;

class PgLedgerStore implements LedgerStore {
  private readonly group = new GroupCommit((batch) => this.commit(batch));

  constructor(private readonly pool: pg.Pool) {}

  private async readHead(client: pg.Pool | pg.PoolClient) {
    const { rows } = await client.query<{ seq: number; entry_hash: string }>(
      "SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1",
    );
    return rows[0] ? { seq: Number(rows[0].seq), entryHash: rows[0].entry_hash } : null;
  }

  append(drafts: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
    return this.group.append(drafts, side);
  }

  get commits() {
    return this.group.commits;
  }

  /**
   * Two round trips for any number of entries: lock and head, then the INSERT with the COMMIT. With a side write:
   * lock and head, multi-row INSERTs of up to GROUP_MAX rows (bound parameters), the side write, COMMIT.
   */
  private async commit(batch: readonly Pending[]): Promise<LedgerEntry[][]> {
    const client = await this.pool.connect();
    try {
      const results = (await client.query(PG_BEGIN)) as unknown as pg.QueryResult<{ seq: number; entry_hash: string }>[];
      const h = results[2].rows[0];
      let head: { seq: number; entryHash: string } | null = h ? { seq: Number(h.seq), entryHash: h.entry_hash } : null;
      const out = batch.map(({ drafts }) =>
        drafts.map((d) => {
          const entry = sealEntry(d, head);
          head = entry;
          return entry;
        }),
      );
      const all = out.flat();
      if (batch.some((p) => p.side)) {
        for (let i = 0; i < all.length; i += GROUP_MAX) {
          const chunk = all.slice(i, i + GROUP_MAX);
          await client.query(
            insertPg(chunk.length),
            chunk.flatMap((e) => rowValues(e)),
          );
        }
        for (const [i, p] of batch.entries()) await p.side?.pg(client, out[i]);
        await client.query("COMMIT");
      } else {
        // The INSERT and the COMMIT in one simple query: the lock is held for one round trip after it is granted. A
        // failing INSERT stops the string there (the COMMIT never runs) and the catch rolls back.
        await client.query(`${insertLiteral(client, all)}; COMMIT`);
      }
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

function rowValues(e: LedgerEntry): unknown[] {
  const out: unknown[] = [];
  pushRowValues(out, e);
  return out;
}

/** Values as SQL literals by the driver's own escaping (pg's escapeLiteral), for a simple query that takes no parameters. */
function insertLiteral(client: pg.PoolClient, entries: readonly LedgerEntry[]): string {
  const literal = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : client.escapeLiteral(String(v)));
  const tuples = entries.map((e) => `(${rowValues(e).map(literal).join(", ")})`);
  return `INSERT INTO ledger_entries (${COLS}) VALUES ${tuples.join(", ")}`;
}

function insertPg(rows: number): string {
  const w = LEDGER_COLUMNS.length;
  const tuples = Array.from({ length: rows }, (_, r) => `(${LEDGER_COLUMNS.map((_, c) => "$" + (r * w + c + 1)).join(", ")})`);
  return `INSERT INTO ledger_entries (${COLS}) VALUES ${tuples.join(", ")}`;
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
