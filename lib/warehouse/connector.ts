// Warehouse connector contract and its SQLite implementation over the demo warehouse; server-side only: opens database files.
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import path from "node:path";
import { PEOPLE_COLUMNS, PERSON_ID_PATTERN, toSearchKey, type PeopleColumn } from "./schema";

export { PEOPLE_COLUMNS } from "./schema";

export interface WarehouseConnector {
  /**
   * Finds people by exact id (`usr_…`) or by case- and accent-insensitive name: the first word of the query is a prefix of the
   * first or the last name (a prefix of the full name, e.g. "jane do", matches too), and every further word (up to
   * six words are used) must start some word of the name. At most `limit` rows (1–MAX_SEARCH_LIMIT), ordered by the folded full name,
   * then person_id. Only `columns` are returned, plus person_id always.
   */
  searchPeople(query: string, opts: { limit: number; columns: readonly string[] }): Promise<Array<Record<string, unknown>>>;
  getPerson(personId: string, columns: readonly string[]): Promise<Record<string, unknown> | null>;
  countPeople(): Promise<number>;
  close(): Promise<void>;
}

export const MAX_SEARCH_LIMIT = 1000;
const MAX_QUERY_WORDS = 6;

const PEOPLE_COLUMN_SET: ReadonlySet<string> = new Set(PEOPLE_COLUMNS);

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

  return {
    async searchPeople(query, { limit, columns }) {
      ensureOpen();
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
        throw new RangeError(`search limit must be an integer between 1 and ${MAX_SEARCH_LIMIT}, got ${limit}`);
      }
      const selected = selectList(columns);
      const normalized = toSearchKey(query);
      if (normalized.length === 0) return [];

      if (PERSON_ID_PATTERN.test(normalized)) {
        const row = prepare(`id:${selected}`, () => `SELECT ${selected} FROM people WHERE person_id = ?`).get(normalized);
        return row ? [row as Record<string, unknown>] : [];
      }

      // Bounded so the statement cache holds at most MAX_QUERY_WORDS name statements per column list.
      const [first, ...rest] = normalized.split(" ").slice(0, MAX_QUERY_WORDS);
      const [from, to] = prefixRange(first);
      // Each branch is ordered and limited on its own so the full-name branch walks its index and stops early; the
      // outer ORDER BY merges the two top-`limit` lists, which is exactly the top `limit` of their union.
      const restFilter = rest.map(() => " AND instr(' ' || name_search, ' ' || ?) > 0").join("");
      const sql = () => `
        SELECT ${selected} FROM (
          SELECT * FROM (
            SELECT rowid AS rid, name_search AS sort_name, person_id AS sort_id FROM people
            WHERE name_search >= ? AND name_search < ?${restFilter}
            ORDER BY name_search, person_id LIMIT ?)
          UNION
          SELECT * FROM (
            SELECT rowid AS rid, name_search AS sort_name, person_id AS sort_id FROM people
            WHERE last_name_search >= ? AND last_name_search < ?${restFilter}
            ORDER BY name_search, person_id LIMIT ?)
        ) AS hit JOIN people ON people.rowid = hit.rid
        ORDER BY hit.sort_name, hit.sort_id LIMIT ?`;
      const params = [from, to, ...rest, limit, from, to, ...rest, limit, limit];
      return prepare(`name:${rest.length}:${selected}`, sql).all(...params) as Array<Record<string, unknown>>;
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

    async close() {
      if (db.open) db.close();
      statements.clear();
    },
  };
}

/** The only path from caller-supplied column names to SQL: each must be a public people column. */
function selectList(columns: readonly string[]): string {
  const unknown = columns.filter((c) => !PEOPLE_COLUMN_SET.has(c));
  if (unknown.length > 0) {
    throw new Error(`unknown people column(s): ${unknown.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  const wanted = new Set<string>(columns);
  // Table order, so the statement cache key does not depend on how the caller ordered the list.
  const ordered: PeopleColumn[] = PEOPLE_COLUMNS.filter((c) => c === "person_id" || wanted.has(c));
  return ordered.map((c) => `people."${c}"`).join(", ");
}

/**
 * [prefix, successor) bounds every string starting with `prefix` under SQLite's BINARY (UTF-8 byte) order, so a
 * plain index range scan replaces LIKE and no input character is ever a wildcard.
 */
function prefixRange(prefix: string): [string, string] {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0) as number);
  while (points.length > 0) {
    let last = (points.pop() as number) + 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000; // surrogates are not characters
    if (last <= 0x10ffff) return [prefix, String.fromCodePoint(...points, last)];
  }
  // Only reachable for a prefix made entirely of U+10FFFF: no finite successor, so bound by the largest text.
  return [prefix, "\u{10ffff}".repeat(prefix.length + 1)];
}
