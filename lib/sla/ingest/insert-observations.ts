// The one writer of sla_observations (decision 035): a batch in ONE transaction on either dialect, multi-row inserts on
// the raw driver (Prisma's per-row overhead is ~10× on this path, and the demo history writes ~300k rows at once),
// idempotent on (sla_key, item_id), and the hourly rollups updated in the same transaction for every version of each
// key touched, so attainment under old versions stays right.
//
// A stored item with the same (sla_key, item_id) and the same item_hash is a retry: counted as a duplicate, not
// written again. The same key with DIFFERENT content is a conflicting reuse of the client's idempotency key: the
// whole batch rolls back with ObservationConflict (the caller decides how to answer; the API answers 422).
//
// SQLite: a connection of this module's own, so the transaction may span awaits (applyToRollups is async) without
// another caller's statement running inside it; BEGIN IMMEDIATE waits for the write lock off the event loop, and a
// long batch yields to the event loop between chunks. PostgreSQL: a pool client; a shared advisory lock per key
// (definition edits take it exclusively) so a new version never misses a batch that read the older versions.
import Database from "better-sqlite3";
import { canonicalJson } from "@/lib/core/canonical-json";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { sha256Hex } from "@/lib/core/hash";
import { retryWhileBusy } from "@/lib/db/busy";
import { AsyncGate } from "@/lib/db/async-gate";
import { dbTarget } from "@/lib/db/client";
import { pgPool, WAL_AUTOCHECKPOINT_PAGES } from "@/lib/db/raw";
import { rawDefinitionView } from "@/lib/sla/definitions/read-definitions";
import type { StoredObservation } from "@/lib/sla/types";
import { applyToRollups, rollupWriterFromPg, rollupWriterFromSqlite } from "@/lib/sla/rollups";

/** An observation to store: StoredObservation plus the client's idempotency key (the store computes item_hash). */
export interface NewObservation extends StoredObservation {
  itemId: string;
}

/** Stored items whose idempotency key was reused with different content; nothing of the batch was written. */
export class ObservationConflict extends Error {
  constructor(readonly items: ReadonlyArray<{ slaKey: string; itemId: string }>) {
    super(`${items.length} observation id(s) are already stored with different content`);
    this.name = "ObservationConflict";
  }
}

/** What identifies the content of an item: its stored form, canonical JSON, SHA-256. */
export function observationHash(o: NewObservation): string {
  return sha256Hex(
    canonicalJson([
      o.slaKey,
      o.itemId,
      o.kind,
      o.subject,
      o.observedAt.toISOString(),
      o.windowStart?.toISOString() ?? null,
      o.value,
      o.good,
      o.total,
      o.detail,
    ]),
  );
}

export const PG_SLA_KEY_LOCK_CLASS = 72_616_365;
const COLS = "sla_key, item_id, kind, subject, observed_at, window_start, value, good, total, detail, item_hash, source, received_at";
const SQLITE_ROWS = 500; // 13 columns × 500 = 6,500 variables per statement, well under SQLite's 32,766
const PG_ROWS = 10_000;
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
const pairKey = (slaKey: string, itemId: string) => `${slaKey}\u0000${itemId}`;

interface Prepared {
  o: NewObservation;
  hash: string;
}

export interface InsertOutcome {
  inserted: number;
  duplicates: number;
  /** pairKey of every item this call did not write (already stored with the same content). */
  skipped: Set<string>;
}

export async function insertObservations(
  items: readonly NewObservation[],
  opts: { source: string },
): Promise<{ inserted: number; duplicates: number }> {
  const { inserted, duplicates } = await insertObservationsReporting(items, opts);
  return { inserted, duplicates };
}

/** insertObservations, also saying which items were retries (the API reports each item's outcome). */
export async function insertObservationsReporting(items: readonly NewObservation[], opts: { source: string }): Promise<InsertOutcome> {
  if (items.length === 0) return { inserted: 0, duplicates: 0, skipped: new Set() };
  const receivedAt = now();
  const rows: Prepared[] = items.map((o) => ({ o, hash: observationHash(o) }));
  const keys = [...new Set(items.map((o) => o.slaKey))].sort();
  const t = dbTarget();
  return t.dialect === "sqlite" ? insertSqlite(t.path, rows, keys, opts.source, receivedAt) : insertPg(t.url, rows, keys, opts.source, receivedAt);
}

/** Of the rows the INSERT skipped, those stored with another hash; the rest are retries. */
function conflictsOf(skipped: readonly Prepared[], stored: ReadonlyMap<string, string>): Array<{ slaKey: string; itemId: string }> {
  const out: Array<{ slaKey: string; itemId: string }> = [];
  for (const r of skipped) {
    if (stored.get(pairKey(r.o.slaKey, r.o.itemId)) !== r.hash) out.push({ slaKey: r.o.slaKey, itemId: r.o.itemId });
  }
  return out;
}

export { pairKey };

// ---- SQLite ---------------------------------------------------------------------------------------------------------

interface SqliteConn {
  db: Database.Database;
  gate: AsyncGate;
  insertMany: Database.Statement;
  insertOne: Database.Statement;
  hashes: Database.Statement;
  defs: Database.Statement;
}

const cache = globalThis as unknown as { __wardenSlaSqlite?: Map<string, SqliteConn> };

function sqliteConn(file: string): SqliteConn {
  cache.__wardenSlaSqlite ??= new Map();
  let c = cache.__wardenSlaSqlite.get(file);
  if (!c) {
    // The file exists and is in WAL mode already (getDb / the migration runner opened it first).
    const db = new Database(file, { timeout: 0 });
    db.pragma("synchronous = FULL");
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    const insert = (n: number) =>
      db.prepare(
        `INSERT INTO sla_observations (${COLS}) VALUES ${Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
         ON CONFLICT (sla_key, item_id) DO NOTHING RETURNING sla_key, item_id`,
      );
    c = {
      db,
      gate: new AsyncGate(),
      insertMany: insert(SQLITE_ROWS),
      insertOne: insert(1),
      hashes: db.prepare(
        `SELECT o.sla_key, o.item_id, o.item_hash FROM sla_observations o
         JOIN json_each(?) j ON o.sla_key = json_extract(j.value, '$[0]') AND o.item_id = json_extract(j.value, '$[1]')`,
      ),
      defs: db.prepare("SELECT * FROM sla_definitions WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key, version"),
    };
    cache.__wardenSlaSqlite.set(file, c);
  }
  return c;
}

/** Closes this module's SQLite connections (tests, CLI exit). */
export function closeSlaIngestHandles(): void {
  for (const c of cache.__wardenSlaSqlite?.values() ?? []) c.db.close();
  cache.__wardenSlaSqlite?.clear();
}

function pushSqlite(values: unknown[], r: Prepared, source: string, receivedAt: string): void {
  const o = r.o;
  values.push(
    o.slaKey,
    o.itemId,
    o.kind,
    o.subject,
    sqliteTime(o.observedAt),
    o.windowStart ? sqliteTime(o.windowStart) : null,
    o.value,
    o.good,
    o.total,
    o.detail === null ? null : JSON.stringify(o.detail),
    r.hash,
    source,
    receivedAt,
  );
}

async function insertSqlite(file: string, rows: Prepared[], keys: string[], source: string, receivedAtDate: Date) {
  const c = sqliteConn(file);
  const receivedAt = sqliteTime(receivedAtDate);
  return c.gate.run(async () => {
    await retryWhileBusy(() => c.db.exec("BEGIN IMMEDIATE"), { what: "the console database" });
    try {
      const inserted = new Set<string>();
      const collect = (ret: Array<{ sla_key: string; item_id: string }>) => {
        for (const x of ret) inserted.add(pairKey(x.sla_key, x.item_id));
      };
      let i = 0;
      for (let chunks = 0; i + SQLITE_ROWS <= rows.length; i += SQLITE_ROWS, chunks++) {
        const values: unknown[] = [];
        for (let j = i; j < i + SQLITE_ROWS; j++) pushSqlite(values, rows[j], source, receivedAt);
        collect(c.insertMany.all(values) as Array<{ sla_key: string; item_id: string }>);
        // A demo-sized batch must not hold the event loop for seconds: let other requests in every 20 chunks.
        if (chunks % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
      }
      for (; i < rows.length; i++) {
        const values: unknown[] = [];
        pushSqlite(values, rows[i], source, receivedAt);
        collect(c.insertOne.all(values) as Array<{ sla_key: string; item_id: string }>);
      }
      const { fresh, skipped } = splitInserted(rows, inserted);
      if (skipped.length > 0) {
        const stored = new Map<string, string>();
        const found = c.hashes.all(JSON.stringify(skipped.map((r) => [r.o.slaKey, r.o.itemId]))) as Array<{
          sla_key: string;
          item_id: string;
          item_hash: string;
        }>;
        for (const f of found) stored.set(pairKey(f.sla_key, f.item_id), f.item_hash);
        const conflicts = conflictsOf(skipped, stored);
        if (conflicts.length > 0) throw new ObservationConflict(conflicts);
      }
      if (fresh.length > 0) {
        const defs = (c.defs.all(JSON.stringify(keys)) as Array<Record<string, unknown>>).map(rawDefinitionView);
        const writer = rollupWriterFromSqlite(c.db);
        await applyToRollups(
          writer,
          defs,
          fresh.map((r) => r.o),
        );
      }
      c.db.exec("COMMIT");
      return { inserted: fresh.length, duplicates: skipped.length, skipped: new Set(skipped.map((r) => pairKey(r.o.slaKey, r.o.itemId))) };
    } catch (err) {
      if (c.db.inTransaction) c.db.exec("ROLLBACK");
      throw writeFailure(err);
    }
  });
}

// ---- PostgreSQL -----------------------------------------------------------------------------------------------------

const PG_INSERT = `INSERT INTO sla_observations (${COLS})
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::float8[],
                       $8::float8[], $9::float8[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
  ON CONFLICT (sla_key, item_id) DO NOTHING RETURNING sla_key, item_id`;

async function insertPg(url: string, rows: Prepared[], keys: string[], source: string, receivedAtDate: Date) {
  const client = await pgPool(url).connect();
  const receivedAt = receivedAtDate.toISOString();
  try {
    await client.query("BEGIN");
    // Shared per key: many batches at once, but a definition edit (exclusive) waits for them and they for it.
    await client.query(`SELECT pg_advisory_xact_lock_shared(${PG_SLA_KEY_LOCK_CLASS}, hashtext(k)) FROM unnest($1::text[]) AS k`, [keys]);
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += PG_ROWS) {
      const chunk = rows.slice(i, i + PG_ROWS);
      const res = await client.query<{ sla_key: string; item_id: string }>(PG_INSERT, [
        chunk.map((r) => r.o.slaKey),
        chunk.map((r) => r.o.itemId),
        chunk.map((r) => r.o.kind),
        chunk.map((r) => r.o.subject),
        chunk.map((r) => r.o.observedAt.toISOString()),
        chunk.map((r) => r.o.windowStart?.toISOString() ?? null),
        chunk.map((r) => r.o.value),
        chunk.map((r) => r.o.good),
        chunk.map((r) => r.o.total),
        chunk.map((r) => (r.o.detail === null ? null : JSON.stringify(r.o.detail))),
        chunk.map((r) => r.hash),
        chunk.map(() => source),
        chunk.map(() => receivedAt),
      ]);
      for (const x of res.rows) inserted.add(pairKey(x.sla_key, x.item_id));
    }
    const { fresh, skipped } = splitInserted(rows, inserted);
    if (skipped.length > 0) {
      const res = await client.query<{ sla_key: string; item_id: string; item_hash: string }>(
        "SELECT o.sla_key, o.item_id, o.item_hash FROM sla_observations o JOIN unnest($1::text[], $2::text[]) AS s(k, i) ON o.sla_key = s.k AND o.item_id = s.i",
        [skipped.map((r) => r.o.slaKey), skipped.map((r) => r.o.itemId)],
      );
      const stored = new Map(res.rows.map((f) => [pairKey(f.sla_key, f.item_id), f.item_hash]));
      const conflicts = conflictsOf(skipped, stored);
      if (conflicts.length > 0) throw new ObservationConflict(conflicts);
    }
    if (fresh.length > 0) {
      const defs = (
        await client.query<Record<string, unknown>>("SELECT * FROM sla_definitions WHERE key = ANY($1::text[]) ORDER BY key, version", [keys])
      ).rows.map(rawDefinitionView);
      const writer = rollupWriterFromPg(client);
      await applyToRollups(
        writer,
        defs,
        fresh.map((r) => r.o),
      );
    }
    await client.query("COMMIT");
    return { inserted: fresh.length, duplicates: skipped.length, skipped: new Set(skipped.map((r) => pairKey(r.o.slaKey, r.o.itemId))) };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw writeFailure(err);
  } finally {
    client.release();
  }
}

/** Conflicts and our own errors pass; anything else from the database means nothing could be stored: 503. */
function writeFailure(err: unknown): unknown {
  if (err instanceof ObservationConflict || err instanceof AppError) return err;
  console.error("[warden] SLA observations could not be stored", err);
  return new AppError("unavailable", "The console database could not store the observations right now; nothing was stored. Try again in a moment.", {
    cause: err,
  });
}

/**
 * The rows this call's INSERT stored (fresh) and the rest (skipped: already there, or a second copy of a key within
 * the call — the first of two equal keys is the one the INSERT kept; the second is checked like a retry).
 */
function splitInserted(rows: readonly Prepared[], inserted: ReadonlySet<string>): { fresh: Prepared[]; skipped: Prepared[] } {
  const fresh: Prepared[] = [];
  const skipped: Prepared[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const k = pairKey(r.o.slaKey, r.o.itemId);
    if (inserted.has(k) && !seen.has(k)) fresh.push(r);
    else skipped.push(r);
    seen.add(k);
  }
  return { fresh, skipped };
}
