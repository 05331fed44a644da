// The search rules both warehouse connectors share: query parsing and folding, result order, the people column whitelist.
import { AppError } from "@/lib/core/errors";
import { PEOPLE_COLUMNS, PERSON_ID_PATTERN, toSearchKey, type PeopleColumn } from "./schema";

export const MAX_SEARCH_LIMIT = 1000;
export const MAX_COUNT_CAP = 10_000;
/** The app's rule too: one letter matches a large share of everyone and says nothing about whom the user wants. */
export const MIN_QUERY_CHARS = 2;
const MAX_QUERY_WORDS = 6;

const PEOPLE_COLUMN_SET: ReadonlySet<string> = new Set(PEOPLE_COLUMNS);

/** A name match: its folded full name and id, which are the result order. */
export interface SearchHit {
  name: string;
  id: string;
}

export type ParsedQuery = { kind: "id"; personId: string } | { kind: "name"; range: [string, string]; rest: string[] };

/** Folds the query the way the search keys were folded, and refuses what the app refuses. */
export function parseQuery(query: string): ParsedQuery {
  const normalized = toSearchKey(query);
  if (Array.from(normalized).length < MIN_QUERY_CHARS) {
    throw new AppError("validation_failed", `Enter at least ${MIN_QUERY_CHARS} characters`, { field: "query" });
  }
  if (PERSON_ID_PATTERN.test(normalized)) return { kind: "id", personId: normalized };
  const [first, ...rest] = normalized.split(" ").slice(0, MAX_QUERY_WORDS);
  return { kind: "name", range: prefixRange(first), rest };
}

/**
 * Result order: name_search, then person_id, in code points (UTF-8 bytes: SQLite's BINARY collation, PostgreSQL's "C").
 * JavaScript compares UTF-16 units, which disagrees only between surrogates and U+E000–U+FFFF; the shift fixes that.
 */
export function compareHits(a: SearchHit, b: SearchHit): number {
  return compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id);
}

/** The first `limit` of two lists already in result order. */
export function mergeSorted<T extends SearchHit>(a: T[], b: T[], limit: number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    out.push(j >= b.length || (i < a.length && compareHits(a[i], b[j]) < 0) ? a[i++] : b[j++]);
  }
  return out;
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf16ToCodePointOrder(x) - utf16ToCodePointOrder(y);
  }
  return a.length - b.length;
}

function utf16ToCodePointOrder(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** The only path from caller-supplied column names to SQL: each must be a public people column. */
export function selectList(columns: readonly string[]): string {
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
 * [prefix, successor) bounds every string starting with `prefix` in code-point (UTF-8 byte) order, so a
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
