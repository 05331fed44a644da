// Warehouse connector contract and its SQLite implementation over the demo warehouse; server-side only: opens database files.
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/core/errors";
import { filterClause, warehouseDataset, type RowFilters, type WarehouseDataset } from "./datasets";
import { compareHits, MAX_COUNT_CAP, MAX_SEARCH_LIMIT, mergeSorted, parseQuery, selectList, type SearchHit } from "./search-query";

export { PEOPLE_COLUMNS } from "./schema";
export { MAX_COUNT_CAP, MAX_SEARCH_LIMIT } from "./search-query";

export interface WarehouseConnector {
  /**
   * Finds people by exact id (`usr_…`) or by case- and accent-insensitive name: the first word of the query is a prefix of the
   * first or the last name (a prefix of the full name, e.g. "jane do", matches too), and every further word (up to
   * six words are used) must start some word of the name. At most `limit` rows (1–MAX_SEARCH_LIMIT), ordered by the folded full name,
   * then person_id. Only `columns` are returned, plus person_id always.
   * A query shorter than MIN_QUERY_CHARS after folding is refused with AppError "validation_failed" (field "query"), as the app
   * refuses it. The cost follows `limit` and the number of distinct last names starting with the first word, not the number of
   * matching people (extra words add the index entries that fail them). To learn whether more than `limit` people match, ask
   * for `limit + 1` rows, and `countPeopleMatches` for how many.
   */
  searchPeople(query: string, opts: { limit: number; columns: readonly string[] }): Promise<Array<Record<string, unknown>>>;
  /**
   * Counts the people `searchPeople` would match, up to `cap` (1–MAX_COUNT_CAP), reading index entries only, never the table:
   * for a one-word query at most `cap + 1` entries of each name index. `capped` is true when more than `cap` match (`count` is
   * then `cap`); otherwise `count` is exact. Refuses short queries like `searchPeople`.
   */
  countPeopleMatches(query: string, opts: { cap: number }): Promise<{ count: number; capped: boolean }>;
  getPerson(personId: string, columns: readonly string[]): Promise<Record<string, unknown> | null>;
  countPeople(): Promise<number>;
  /**
   * The rows of `dataset` (`key@version`, lib/warehouse/datasets.ts) matching `filters`, in record-id order, as arrays of
   * values in the order of `streamColumns(dataset, columns)` (the record id first, then `columns` without it), in batches
   * of up to `batchSize` rows (default 1,000). With `after`, starts after that record id (exclusive), so a build resumes
   * where it stopped; with `through`, stops after that record id (inclusive), so a key range is read on its own.
   * Memory holds one batch; the database is read batch by batch (keyset on the record id).
   * An unknown dataset, column or filter is refused with AppError "validation_failed" naming the field.
   */
  streamRows(
    dataset: string,
    opts: { columns: readonly string[]; filters: RowFilters; after?: string; through?: string; batchSize?: number },
  ): AsyncIterable<unknown[][]>;
  /** How many rows of `dataset` match `filters`, counting at most `cap` + 1 (then `capped` and `count` = `cap`). */
  countRows(dataset: string, filters: RowFilters, opts: { cap: number }): Promise<{ count: number; capped: boolean }>;
  /**
   * How many rows of `dataset` match the predicate `where(p, t)` builds (`p(i)` writes the i-th placeholder in this
   * connector's dialect, `t(name)` names another table; `null` matches nothing), counting at most `cap` + 1 like countRows. For holds' coverage counts
   * (lib/holds/hold-clause.ts); the predicate's column names come from the dataset map, never from input.
   */
  countWhere(dataset: string, where: WhereBuilder, opts: { cap: number }): Promise<{ count: number; capped: boolean }>;
  /** The ids among `ids` that `dataset` holds no record for, in the given order. */
  missingRecordIds(dataset: string, ids: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** Builds a predicate with `p(i)` (the i-th placeholder) and `t(name)` (another warehouse table, qualified). */
export type WhereBuilder = (p: (i: number) => string, t: (table: string) => string) => { sql: string; params: readonly string[] } | null;

/** The column order of `streamRows`' arrays: the record id, then the asked columns in the asked order, without repeats. */
export function streamColumns(dataset: WarehouseDataset, columns: readonly string[]): string[] {
  return [dataset.recordId, ...new Set(columns.filter((c) => c !== dataset.recordId))];
}

/** Checks a streamRows/countRows request against the dataset map; the connectors share it so they refuse alike. */
export function checkStreamRequest(ref: string, columns: readonly string[], filters: RowFilters): WarehouseDataset {
  const dataset = warehouseDataset(ref);
  if (!dataset) throw new AppError("validation_failed", `Unknown dataset ${ref}`, { field: "dataset" });
  const known = new Set(dataset.columns);
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new AppError("validation_failed", `Unknown column(s) of ${ref}: ${unknown.join(", ")}`, { field: "columns" });
  }
  for (const key of ["state", "city", "role"] as const) {
    if (filters[key] !== undefined && !dataset.filterColumns[key]) {
      throw new AppError("validation_failed", `${ref} cannot be filtered by ${key}`, { field: `filters.${key}` });
    }
  }
  return dataset;
}

/** One index entry of a name match: enough to order and deduplicate without reading the table. */
interface NameHit extends SearchHit {
  rid: number;
}

/** The first match (in result order) among the people with one last name. */
interface LastNameHead extends NameHit {
  last: string;
}

/** Opens the demo warehouse read-only; throws if the file does not exist rather than creating an empty one. */
export function openSqliteWarehouse(file: string): WarehouseConnector {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) {
    throw new Error(`demo warehouse not found at ${resolved}; run \`npm run warden -- demo seed\``);
  }
  const db = new Database(resolved, { readonly: true, fileMustExist: true });
  db.pragma("query_only = ON");
  const statements = new Map<string, Database.Statement>();

  const prepare = (key: string, sql: () => string): Database.Statement => {
    let statement = statements.get(key);
    if (!statement) {
      statement = db.prepare(sql());
      statements.set(key, statement);
    }
    return statement;
  };

  const ensureOpen = () => {
    if (!db.open) throw new Error("warehouse connector is closed");
  };

  // Statements are keyed by the number of extra words, bounded by MAX_QUERY_WORDS, so the cache stays small.
  const restFilter = (n: number) => Array.from({ length: n }, () => " AND instr(' ' || name_search, ' ' || ?) > 0").join("");

  /** Top `limit` of the first-name branch: the (name_search, person_id) index is already in result order. */
  const fullNameHits = (range: [string, string], rest: string[], limit: number): NameHit[] =>
    prepare(
      `full:${rest.length}`,
      () => `SELECT rowid AS rid, name_search AS name, person_id AS id FROM people
             WHERE name_search >= ? AND name_search < ?${restFilter(rest.length)}
             ORDER BY name_search, person_id LIMIT ?`,
    ).all(...range, ...rest, limit) as NameHit[];

  /**
   * The top `limit` of both branches without sorting every last-name match. Within one last name the
   * (last_name_search, name_search, person_id) index is in result order, and there are far fewer distinct last names
   * than people. So: skip-scan the distinct last names in the range, taking each one's first match (its head) with one
   * index seek, then merge the last names in the order of their heads into the first-name branch's top rows. A last
   * name whose head sorts after the current `limit`-th row is done, and so is every later one; otherwise it gives only
   * rows before that row, and the one ranked r-th (from 0) at most `limit - r` (r smaller heads of others precede them).
   * That reads one seek per last name plus about `limit` entries, where sorting read every match.
   */
  const topNameHits = (range: [string, string], rest: string[], limit: number): NameHit[] => {
    const filter = restFilter(rest.length);
    const head = (op: ">=" | ">") =>
      prepare(
        `last-head${op}:${rest.length}`,
        () => `SELECT last_name_search AS last, rowid AS rid, name_search AS name, person_id AS id FROM people
               WHERE last_name_search ${op} ? AND last_name_search < ?${filter}
               ORDER BY last_name_search, name_search, person_id LIMIT 1`,
      );
    const [firstHead, nextHead] = [head(">="), head(">")];
    const heads: LastNameHead[] = [];
    let h = firstHead.get(range[0], range[1], ...rest) as LastNameHead | undefined;
    while (h) {
      heads.push(h);
      h = nextHead.get(h.last, range[1], ...rest) as LastNameHead | undefined;
    }
    heads.sort(compareHits);

    // Starting at the head, not at the last name's first entry, skips the entries the head's search already rejected.
    const rowsOf = (bounded: boolean) =>
      prepare(
        `last-rows:${bounded}:${rest.length}`,
        () => `SELECT rowid AS rid, name_search AS name, person_id AS id FROM people
               WHERE last_name_search = ? AND (name_search, person_id) >= (?, ?)${bounded ? " AND (name_search, person_id) < (?, ?)" : ""}${filter}
               ORDER BY name_search, person_id LIMIT ?`,
      );
    const [unbounded, bounded] = [rowsOf(false), rowsOf(true)];

    let top = fullNameHits(range, rest, limit);
    // Someone whose first and last names both start with the word is also in the first-name branch: keep one.
    const fromFirstNames = new Set(top.map((hit) => hit.rid));
    for (const [rank, h] of heads.slice(0, limit).entries()) {
      const worst = top.length === limit ? top[limit - 1] : undefined;
      if (worst && compareHits(h, worst) > 0) break;
      const rows = (
        worst
          ? bounded.all(h.last, h.name, h.id, worst.name, worst.id, ...rest, limit - rank)
          : unbounded.all(h.last, h.name, h.id, ...rest, limit - rank)
      ) as NameHit[];
      top = mergeSorted(
        top,
        rows.filter((row) => !fromFirstNames.has(row.rid)),
        limit,
      );
    }
    return top;
  };

  const countMatches = (statementKey: string, sql: () => string, params: unknown[]): number =>
    (prepare(statementKey, sql).get(...params) as { n: number }).n;

  return {
    async searchPeople(query, { limit, columns }) {
      ensureOpen();
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
        throw new RangeError(`search limit must be an integer between 1 and ${MAX_SEARCH_LIMIT}, got ${limit}`);
      }
      const selected = selectList(columns);
      const parsed = parseQuery(query);

      if (parsed.kind === "id") {
        const row = prepare(`id:${selected}`, () => `SELECT ${selected} FROM people WHERE person_id = ?`).get(parsed.personId);
        return row ? [row as Record<string, unknown>] : [];
      }

      const top = topNameHits(parsed.range, parsed.rest, limit);
      // One statement for the `limit` table reads; json_each keeps their order (sorting `limit` rows, not the matches).
      const byRowids = prepare(
        `rows:${selected}`,
        () => `SELECT ${selected} FROM json_each(?) AS hit JOIN people ON people.rowid = hit.value ORDER BY hit.key`,
      );
      return byRowids.all(JSON.stringify(top.map((hit) => hit.rid))) as Array<Record<string, unknown>>;
    },

    async countPeopleMatches(query, { cap }) {
      ensureOpen();
      if (!Number.isInteger(cap) || cap < 1 || cap > MAX_COUNT_CAP) {
        throw new RangeError(`count cap must be an integer between 1 and ${MAX_COUNT_CAP}, got ${cap}`);
      }
      const parsed = parseQuery(query);
      if (parsed.kind === "id") {
        const n = countMatches("count-id", () => "SELECT count(*) AS n FROM people WHERE person_id = ?", [parsed.personId]);
        return { count: Math.min(n, cap), capped: n > cap };
      }

      const { range, rest } = parsed;
      const filter = restFilter(rest.length);
      // cap + 1 tells "exactly cap" from "more than cap"; with one word each count reads at most that many index entries.
      const byFirst = countMatches(
        `count-full:${rest.length}`,
        () => `SELECT count(*) AS n FROM (SELECT 1 FROM people WHERE name_search >= ? AND name_search < ?${filter} LIMIT ?)`,
        [...range, ...rest, cap + 1],
      );
      // People whose full name also starts with the word were counted above; the last-name index carries name_search.
      const byLastOnly =
        byFirst > cap
          ? 0
          : countMatches(
              `count-last:${rest.length}`,
              () => `SELECT count(*) AS n FROM (SELECT 1 FROM people
                     WHERE last_name_search >= ? AND last_name_search < ? AND NOT (name_search >= ? AND name_search < ?)${filter}
                     LIMIT ?)`,
              [...range, ...range, ...rest, cap + 1 - byFirst],
            );
      const total = byFirst + byLastOnly;
      return { count: Math.min(total, cap), capped: total > cap };
    },

    async getPerson(personId, columns) {
      ensureOpen();
      const selected = selectList(columns);
      const row = prepare(`id:${selected}`, () => `SELECT ${selected} FROM people WHERE person_id = ?`).get(personId);
      return (row as Record<string, unknown> | undefined) ?? null;
    },

    async countPeople() {
      ensureOpen();
      const row = prepare("count", () => "SELECT count(*) AS n FROM people").get() as { n: number };
      return row.n;
    },

    async *streamRows(ref, { columns, filters, after, through, batchSize = 1000 }) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, columns, filters);
      const order = streamColumns(dataset, columns);
      const where = filterClause(dataset, filters, () => "?");
      const select = order.map((c) => `"${c}"`).join(", ");
      const id = `"${dataset.recordId}"`;
      const upTo = through === undefined ? "" : ` AND ${id} <= ?`;
      const bound = through === undefined ? [] : [through];
      const first = db.prepare(`SELECT ${select} FROM "${dataset.table}" WHERE ${where.sql}${upTo} ORDER BY ${id} LIMIT ?`).raw();
      const next = db.prepare(`SELECT ${select} FROM "${dataset.table}" WHERE ${where.sql}${upTo} AND ${id} > ? ORDER BY ${id} LIMIT ?`).raw();
      const size = Math.max(1, Math.min(Math.floor(batchSize), 100_000));
      let last = after;
      for (;;) {
        ensureOpen();
        const rows = (
          last === undefined ? first.all(...where.params, ...bound, size) : next.all(...where.params, ...bound, last, size)
        ) as unknown[][];
        if (rows.length === 0) return;
        last = rows[rows.length - 1][0] as string;
        yield rows;
        if (rows.length < size) return;
      }
    },
    async countRows(ref, filters, { cap }) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, [], filters);
      const where = filterClause(dataset, filters, () => "?");
      const limit = Math.max(0, Math.floor(cap)) + 1;
      const row = db
        .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM "${dataset.table}" WHERE ${where.sql} LIMIT ?)`)
        .get(...where.params, limit) as {
        n: number;
      };
      return row.n > cap ? { count: cap, capped: true } : { count: row.n, capped: false };
    },
    async countWhere(ref, build, { cap }) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, [], {});
      const where = build(
        () => "?",
        (table) => `"${table}"`,
      );
      if (!where) return { count: 0, capped: false };
      const limit = Math.max(0, Math.floor(cap)) + 1;
      const row = db
        .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM "${dataset.table}" WHERE ${where.sql} LIMIT ?)`)
        .get(...where.params, limit) as {
        n: number;
      };
      return row.n > cap ? { count: cap, capped: true } : { count: row.n, capped: false };
    },
    async missingRecordIds(ref, ids) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, [], {});
      const found = new Set<string>();
      // Chunks stay far below SQLite's limit on bound parameters.
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT "${dataset.recordId}" AS id FROM "${dataset.table}" WHERE "${dataset.recordId}" IN (${chunk.map(() => "?").join(", ")})`)
          .all(...chunk) as Array<{ id: string }>;
        for (const r of rows) found.add(r.id);
      }
      return ids.filter((id) => !found.has(id));
    },
    async close() {
      if (db.open) db.close();
      statements.clear();
    },
  };
}
