// The purge's writable handle on the warehouse (issue 9, decision 031): the read connector is read-only by design, so
// deleting goes through this module alone, on the raw driver of each dialect (better-sqlite3 prepared statements,
// node-postgres). It knows predicates only as WhereBuilders (lib/holds builds them), so retention and hold coverage
// keep one meaning; it adds keyset scans, a DELETE of given ids in one transaction, and presence checks.
// Speed (decision 031, "Speed"): on SQLite a scan walks the table in rowid order and a batch is deleted by rowid (with
// its record ids checked in the same statement), so one batch's rows sit on neighbouring table pages; the handle has a
// large page cache and checkpoints its WAL in large steps, because the cost of a purge is the index pages each commit
// rewrites, not the rows.
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { env } from "@/lib/core/env";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import type { WhereBuilder } from "./connector";
import { warehouseDataset, type WarehouseDataset } from "./datasets";
import { parsePgWarehouseUrl } from "./pg-schema";

export interface ScannedRow {
  id: string;
  /** True when the `flag` predicate holds for the row (the purge passes the hold coverage). */
  flagged: boolean;
  /** Where the scan stands after this row, for `after` (SQLite: the rowid; PostgreSQL: the record id). Opaque to callers. */
  key: string;
}

export interface PurgeWriter {
  dialect: "sqlite" | "postgresql";
  /** Rows matching every builder (a builder that returns null matches nothing). */
  count(ref: string, where: readonly WhereBuilder[]): Promise<number>;
  /** Up to `limit` record ids matching every builder, in record-id order. */
  sampleIds(ref: string, where: readonly WhereBuilder[], limit: number): Promise<string[]>;
  /**
   * The next `limit` rows after the key `after` matching `where`, each with whether `flag` holds for it, in the writer's
   * own order (SQLite: rowid, the table's physical order; PostgreSQL: record id).
   */
  scan(ref: string, opts: { where: WhereBuilder; flag: WhereBuilder; after: string | null; limit: number }): Promise<ScannedRow[]>;
  /** Of `ids`, those present in the dataset, with whether `flag` holds for each. */
  present(ref: string, ids: readonly string[], flag: WhereBuilder): Promise<ScannedRow[]>;
  /** Deletes these records in one transaction; returns how many rows went. */
  deleteIds(ref: string, ids: readonly string[]): Promise<number>;
  /**
   * Deletes these scanned rows in one transaction (the same records as `deleteIds` of their ids, addressed the way
   * the scan found them: on SQLite by rowid AND record id, so a rowid never deletes another record); returns how many went.
   */
  deleteScanned(ref: string, rows: readonly ScannedRow[]): Promise<number>;
  close(): Promise<void>;
}

function datasetOf(ref: string): WarehouseDataset {
  const d = warehouseDataset(ref);
  if (!d) throw new Error(`unknown warehouse dataset ${ref}`);
  return d;
}

/** Renders builders into one AND-ed predicate, numbering placeholders from `from` (0-based count already used). */
function render(
  builders: readonly WhereBuilder[],
  p: (i: number) => string,
  t: (table: string) => string,
  from: number,
): { sql: string; params: string[] } | null {
  const parts: string[] = [];
  const params: string[] = [];
  for (const b of builders) {
    const base = from + params.length;
    const w = b((i) => p(base + i), t);
    if (!w) return null;
    parts.push(`(${w.sql})`);
    params.push(...w.params);
  }
  return { sql: parts.length > 0 ? parts.join(" AND ") : "1=1", params };
}

// SQLite's default limit on bound parameters is 32766; chunks of ids stay well below it with the predicate's own.
const SQLITE_ID_CHUNK = 10_000;

// The purge handle's page cache (KiB, as `cache_size` takes a negative figure): a batch touches pages all over the
// table's secondary indexes, and re-reading them from the OS for every batch cost a quarter of the time. Memory is
// taken as pages are read, up to this, and given back when the writer closes.
const SQLITE_CACHE_KIB = 256 * 1024;
// WAL frames before this handle checkpoints (SQLite's default is 1,000, about 4 MB). A large batch dirties most pages
// of every index it touches; checkpointing after each commit copied all of them back into the file every time, while
// checkpointing every ~200 MB copies each page once per many batches. Durability is unchanged (a commit is the WAL's
// fsync, synchronous=FULL), readers read through the WAL, and journal_size_limit gives the space back afterwards.
const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 50_000;
const SQLITE_JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** A writer on the embedded SQLite warehouse file (read-write, its own handle; readers keep theirs under WAL). */
export function openSqlitePurgeWriter(file: string): PurgeWriter {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new Error(`demo warehouse not found at ${resolved}; run \`npm run warden -- demo seed\``);
  const db = new Database(resolved, { fileMustExist: true });
  db.pragma("journal_mode = WAL");
  // A deletion the machine loses would leave tombstones for rows still present; FULL makes each commit durable.
  db.pragma("synchronous = FULL");
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${SQLITE_JOURNAL_SIZE_LIMIT}`);
  const p = () => "?";
  const t = (table: string) => `"${table}"`;
  const deletes = new Map<string, Database.Statement>();
  const deleteStatement = (d: WarehouseDataset, n: number) => {
    const key = `${d.table}:${n}`;
    let s = deletes.get(key);
    if (!s) {
      s = db.prepare(`DELETE FROM "${d.table}" WHERE "${d.recordId}" IN (${Array.from({ length: n }, () => "?").join(", ")})`);
      deletes.set(key, s);
    }
    return s;
  };
  const flagSql = (flag: WhereBuilder) => {
    const w = render([flag], p, t, 0);
    return w ? { sql: `CASE WHEN ${w.sql} THEN 1 ELSE 0 END`, params: w.params } : { sql: "0", params: [] as string[] };
  };
  const scannedDeletes = new Map<string, Database.Statement>();
  const scannedDeleteStatement = (d: WarehouseDataset, n: number) => {
    const key = `${d.table}:${n}`;
    let s = scannedDeletes.get(key);
    if (!s) {
      const list = Array.from({ length: n }, () => "?").join(", ");
      // The rowid list drives the delete (rows in table order); the id list only confirms each row is the record planned.
      s = db.prepare(`DELETE FROM "${d.table}" WHERE rowid IN (${list}) AND "${d.recordId}" IN (${list})`);
      scannedDeletes.set(key, s);
    }
    return s;
  };
  const runScannedDelete = db.transaction((d: WarehouseDataset, rows: readonly ScannedRow[]) => {
    const sorted = [...rows].sort((a, b) => Number(a.key) - Number(b.key));
    let n = 0;
    for (let i = 0; i < sorted.length; i += SQLITE_ID_CHUNK) {
      const chunk = sorted.slice(i, i + SQLITE_ID_CHUNK);
      n += scannedDeleteStatement(d, chunk.length).run(...chunk.map((r) => Number(r.key)), ...chunk.map((r) => r.id)).changes;
    }
    return n;
  });
  const runDelete = db.transaction((d: WarehouseDataset, ids: readonly string[]) => {
    let n = 0;
    for (let i = 0; i < ids.length; i += SQLITE_ID_CHUNK) {
      const chunk = ids.slice(i, i + SQLITE_ID_CHUNK);
      n += deleteStatement(d, chunk.length).run(...chunk).changes;
    }
    return n;
  });

  return {
    dialect: "sqlite",
    async count(ref, where) {
      const d = datasetOf(ref);
      const w = render(where, p, t, 0);
      if (!w) return 0;
      return (db.prepare(`SELECT count(*) AS n FROM "${d.table}" WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
    },
    async sampleIds(ref, where, limit) {
      const d = datasetOf(ref);
      const w = render(where, p, t, 0);
      if (!w) return [];
      const rows = db
        .prepare(`SELECT "${d.recordId}" AS id FROM "${d.table}" WHERE ${w.sql} ORDER BY "${d.recordId}" LIMIT ?`)
        .all(...w.params, limit) as Array<{ id: string }>;
      return rows.map((r) => r.id);
    },
    async scan(ref, { where, flag, after, limit }) {
      const d = datasetOf(ref);
      const f = flagSql(flag);
      const w = render([where], p, t, 0);
      if (!w) return [];
      // Rowid order: the table's own order, so a batch is a run of neighbouring pages (rows loaded in time order sit
      // together), and the keyset needs no index of its own.
      const keyset = after === null ? "" : ` AND "${d.table}".rowid > ?`;
      const rows = db
        .prepare(
          `SELECT "${d.table}".rowid AS k, "${d.recordId}" AS id, ${f.sql} AS flagged FROM "${d.table}" WHERE ${w.sql}${keyset} ORDER BY "${d.table}".rowid LIMIT ?`,
        )
        .raw()
        .all(...f.params, ...w.params, ...(after === null ? [] : [Number(after)]), limit) as Array<[number | bigint, string, number]>;
      return rows.map(([k, id, flagged]) => ({ id, flagged: flagged === 1, key: String(k) }));
    },
    async present(ref, ids, flag) {
      const d = datasetOf(ref);
      const f = flagSql(flag);
      const out: ScannedRow[] = [];
      for (let i = 0; i < ids.length; i += SQLITE_ID_CHUNK) {
        const chunk = ids.slice(i, i + SQLITE_ID_CHUNK);
        const rows = db
          .prepare(
            `SELECT rowid AS k, "${d.recordId}" AS id, ${f.sql} AS flagged FROM "${d.table}" WHERE "${d.recordId}" IN (${chunk.map(() => "?").join(", ")})`,
          )
          .raw()
          .all(...f.params, ...chunk) as Array<[number | bigint, string, number]>;
        for (const [k, id, flagged] of rows) out.push({ id, flagged: flagged === 1, key: String(k) });
      }
      return out;
    },
    async deleteIds(ref, ids) {
      if (ids.length === 0) return 0;
      return runDelete(datasetOf(ref), ids);
    },
    async deleteScanned(ref, rows) {
      if (rows.length === 0) return 0;
      return runScannedDelete(datasetOf(ref), rows);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** A writer on a PostgreSQL warehouse (WAREHOUSE_URL postgresql://…[?schema=]). */
export function openPgPurgeWriter(url: string): PurgeWriter {
  const { connectionString, schema } = parsePgWarehouseUrl(url);
  const pool = new pg.Pool({ connectionString, max: 2 });
  const p = (i: number) => `$${i}`;
  const t = (table: string) => `"${schema}"."${table}"`;
  const flagSql = (flag: WhereBuilder, from: number) => {
    const w = render([flag], p, t, from);
    return w ? { sql: `(${w.sql})`, params: w.params } : { sql: "false", params: [] as string[] };
  };
  let closed = false;
  const deletePg = async (ref: string, ids: readonly string[]): Promise<number> => {
    if (ids.length === 0) return 0;
    const d = datasetOf(ref);
    // One statement is one transaction: all of the batch goes, or none of it.
    const res = await pool.query(`DELETE FROM ${t(d.table)} WHERE "${d.recordId}" = ANY($1::text[])`, [ids]);
    return res.rowCount ?? 0;
  };
  return {
    dialect: "postgresql",
    async count(ref, where) {
      const d = datasetOf(ref);
      const w = render(where, p, t, 0);
      if (!w) return 0;
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t(d.table)} WHERE ${w.sql}`, w.params);
      return rows[0].n;
    },
    async sampleIds(ref, where, limit) {
      const d = datasetOf(ref);
      const w = render(where, p, t, 0);
      if (!w) return [];
      const { rows } = await pool.query<{ id: string }>(
        `SELECT "${d.recordId}" AS id FROM ${t(d.table)} WHERE ${w.sql} ORDER BY "${d.recordId}" LIMIT $${w.params.length + 1}`,
        [...w.params, limit],
      );
      return rows.map((r) => r.id);
    },
    async scan(ref, { where, flag, after, limit }) {
      const d = datasetOf(ref);
      const f = flagSql(flag, 0);
      const w = render([where], p, t, f.params.length);
      if (!w) return [];
      const params: unknown[] = [...f.params, ...w.params];
      const keyset = after === null ? "" : ` AND "${d.recordId}" > $${params.push(after)}`;
      const { rows } = await pool.query<{ id: string; flagged: boolean }>(
        `SELECT "${d.recordId}" AS id, ${f.sql} AS flagged FROM ${t(d.table)} WHERE ${w.sql}${keyset} ORDER BY "${d.recordId}" LIMIT $${params.push(limit)}`,
        params,
      );
      return rows.map((r) => ({ id: r.id, flagged: r.flagged === true, key: r.id }));
    },
    async present(ref, ids, flag) {
      const d = datasetOf(ref);
      const f = flagSql(flag, 0);
      const { rows } = await pool.query<{ id: string; flagged: boolean }>(
        `SELECT "${d.recordId}" AS id, ${f.sql} AS flagged FROM ${t(d.table)} WHERE "${d.recordId}" = ANY($${f.params.length + 1}::text[])`,
        [...f.params, ids],
      );
      return rows.map((r) => ({ id: r.id, flagged: r.flagged === true, key: r.id }));
    },
    deleteIds: deletePg,
    // PostgreSQL's scan is in record-id order already (its primary key), and its key is the record id: a row whose key
    // names another record was not scanned as it stands, so it is not deleted.
    deleteScanned: (ref, rows) =>
      deletePg(
        ref,
        rows.filter((r) => r.key === r.id).map((r) => r.id),
      ),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A writer on WAREHOUSE_URL (or `url`); the caller closes it. */
export function openPurgeWriter(url = env().warehouseUrl): PurgeWriter {
  const target = parseDatabaseUrl(url);
  return target.dialect === "postgresql" ? openPgPurgeWriter(target.url) : openSqlitePurgeWriter(target.path);
}
