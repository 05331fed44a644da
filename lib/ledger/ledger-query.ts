// The ledger browser's filters and the SQL they become, on the raw driver of either dialect (Prisma's per-query
// overhead is larger than an index range scan here). Every filter is an equality on one column with a (column, seq)
// index, and a time range becomes a seq range (docs/decisions/020-ledger-browser.md), so a page is one index range
// scan, keyset on seq, never OFFSET. Only the chain (seq >= 1) is read.
import { z } from "zod";
import { ZPrivacyTier } from "@/lib/core/schemas";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, preparedStatement, sqliteHandle } from "@/lib/db/raw";
import { DECISIONS } from "./entry";

/** A text search looks at no more than this many entries per page, then offers to continue (it cannot use an index). */
export const PURPOSE_SCAN_LIMIT = 20_000;
/** Counts stop here: "1,000+ match" costs one short index scan, an exact count over millions would not. */
export const COUNT_CAP = 1_000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** `2026-11-29T10:00` (a datetime-local input, read as UTC), or a full ISO-8601 instant. */
const ZInstant = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const withZone = /[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`;
    const d = new Date(withZone);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v) || Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "must be a date and time such as 2026-11-29T10:00 (UTC)" });
      return z.NEVER;
    }
    return d.toISOString();
  });

export const ZLedgerFilters = z.object({
  /** Entries at or after this instant (UTC). */
  from: ZInstant,
  /** Entries before this instant (UTC). */
  to: ZInstant,
  /** The actor's email or user id. */
  actor: optionalText(200),
  role: optionalText(40),
  action: optionalText(80),
  /** The highest tier the access asked for (privacy_tier). */
  asked: ZPrivacyTier.optional(),
  /** The highest tier the access disclosed in clear (disclosed_tier, decision 017). */
  shown: ZPrivacyTier.optional(),
  /** The dataset (or other resource), exactly as recorded, e.g. people@1. */
  dataset: optionalText(200),
  decision: z.enum(DECISIONS).optional(),
  record: optionalText(200),
  request: optionalText(100),
  /** Words in the purpose, case-insensitive; bounded per page (PURPOSE_SCAN_LIMIT). */
  purpose: optionalText(100),
});
export type TLedgerFilters = z.output<typeof ZLedgerFilters>;
export const FILTER_KEYS = Object.keys(ZLedgerFilters.shape) as Array<keyof TLedgerFilters>;

/** The equality filters and the column each one reads (each has a (column, seq) index). */
const EQUALITY_COLUMNS = {
  role: "actor_role",
  action: "action",
  asked: "privacy_tier",
  shown: "disclosed_tier",
  dataset: "resource",
  decision: "decision",
  record: "record_id",
  request: "request_id",
} as const satisfies Partial<Record<keyof TLedgerFilters, string>>;

export function hasFilters(f: TLedgerFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== undefined);
}

/** A parameterised WHERE clause in the target's dialect. */
export class SqlWhere {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  constructor(private readonly dialect: DbTarget["dialect"]) {}
  /** `?` in `sql` is replaced by this dialect's next placeholder. */
  add(sql: string, ...values: unknown[]): this {
    let i = 0;
    this.parts.push(sql.replace(/\?/g, () => this.placeholder(values[i++])));
    return this;
  }
  private placeholder(value: unknown): string {
    this.params.push(value);
    return this.dialect === "sqlite" ? "?" : `$${this.params.length}`;
  }
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(" AND ")}` : "";
  }
}

/** Runs one read on the console database's raw driver; rows come back as plain objects. */
export async function rawQuery<T>(sql: string, params: readonly unknown[], target: DbTarget = dbTarget()): Promise<T[]> {
  if (target.dialect === "sqlite") return preparedStatement(sqliteHandle(target.path), sql).all(...(params as unknown[])) as T[];
  const res = await pgPool(target.url).query({ text: sql, values: params as unknown[] });
  return res.rows as T[];
}

/** The chain's seq bounds of a time range: time is assigned with seq inside the append's serialised transaction, so
 * it rises with seq, and a time range is a seq range found with two probes of the occurred_at index. */
export interface SeqRange {
  lo: number;
  hi: number;
  head: number;
}

export async function seqRange(f: Pick<TLedgerFilters, "from" | "to">, target: DbTarget = dbTarget()): Promise<SeqRange> {
  const [h] = await rawQuery<{ head: number | null }>("SELECT MAX(seq) AS head FROM ledger_entries", [], target);
  const head = Number(h?.head ?? 0);
  let lo = 1;
  let hi = head;
  const p = (n: number) => (target.dialect === "sqlite" ? "?" : `$${n}`);
  if (f.from) {
    const [r] = await rawQuery<{ s: number | null }>(
      `SELECT MIN(seq) AS s FROM ledger_entries WHERE occurred_at = (SELECT MIN(occurred_at) FROM ledger_entries WHERE occurred_at >= ${p(1)}) AND seq >= 1`,
      [f.from],
      target,
    );
    lo = r?.s == null ? head + 1 : Math.max(1, Number(r.s));
  }
  if (f.to) {
    const [r] = await rawQuery<{ s: number | null }>(
      `SELECT MAX(seq) AS s FROM ledger_entries WHERE occurred_at = (SELECT MAX(occurred_at) FROM ledger_entries WHERE occurred_at < ${p(1)})`,
      [f.to],
      target,
    );
    hi = r?.s == null ? 0 : Math.min(head, Number(r.s));
  }
  return { lo, hi, head };
}

/** The WHERE clause of a filtered view between two seqs (inclusive), without the text search. The actor is an id
 * here (resolveActor turns an email into one). Time bounds stay as row filters too: should the clock ever step
 * back, an entry outside the range is still never shown. */
export function filterWhere(f: TLedgerFilters, actorId: string | undefined, lo: number, hi: number, dialect: DbTarget["dialect"]): SqlWhere {
  const w = new SqlWhere(dialect);
  w.add("l.seq >= ?", Math.max(1, lo)).add("l.seq <= ?", hi);
  if (actorId !== undefined) w.add("l.actor_id = ?", actorId);
  for (const [key, column] of Object.entries(EQUALITY_COLUMNS) as Array<[keyof typeof EQUALITY_COLUMNS, string]>) {
    const v = f[key];
    if (v !== undefined) w.add(`l.${column} = ?`, v);
  }
  if (f.from) w.add("l.occurred_at >= ?", f.from);
  if (f.to) w.add("l.occurred_at < ?", f.to);
  return w;
}

/**
 * The capped count's FROM on SQLite when exactly one column is filtered on: through that column's (column, seq)
 * index, named. Given the seq bounds, SQLite's planner often walks the rowid range instead and reads rows until
 * COUNT_CAP + 1 of them match: for `decision = 'deny'` at 7 % of 1,000,000 entries that is ~15,000 rows (4.6 ms), and
 * for a rarer value as much of the table as the range holds. The filter's own index reads at most COUNT_CAP + 1
 * entries whatever the value's share (0.07 ms). With several filters the planner keeps the choice (it knows which
 * value is rarer); PostgreSQL's planner is not told.
 */
export function countFrom(f: TLedgerFilters, actorId: string | undefined, dialect: DbTarget["dialect"]): string {
  const columns = [
    ...(actorId !== undefined ? ["actor_id"] : []),
    ...(Object.entries(EQUALITY_COLUMNS) as Array<[keyof typeof EQUALITY_COLUMNS, string]>).filter(([key]) => f[key] !== undefined).map(([, c]) => c),
  ];
  if (dialect !== "sqlite" || columns.length !== 1) return "ledger_entries l";
  return `ledger_entries l INDEXED BY ledger_entries_${columns[0]}_seq_idx`;
}

/** Case-insensitive substring match on the purpose, wildcards in the term taken literally. */
export function addPurposeMatch(w: SqlWhere, term: string, dialect: DbTarget["dialect"]): void {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  w.add(dialect === "sqlite" ? "lower(l.purpose) LIKE ? ESCAPE '\\'" : "lower(l.purpose) LIKE ? ESCAPE '\\'", pattern);
}

/** An email names a user through the users table; anything else is taken as a user id. Null: no such user. */
export async function resolveActor(actor: string | undefined, target: DbTarget = dbTarget()): Promise<string | null | undefined> {
  if (actor === undefined) return undefined;
  if (!actor.includes("@")) return actor;
  const [u] = await rawQuery<{ id: string }>(
    `SELECT id FROM users WHERE lower(email) = ${target.dialect === "sqlite" ? "?" : "$1"}`,
    [actor.toLowerCase()],
    target,
  );
  return u?.id ?? null;
}
