// The ledger as auditors browse it: filtered, keyset-paginated on seq in either direction, newest or oldest first,
// with the actor's email beside each entry and a capped count. Only the chain (seq >= 1) is shown: what
// `ledger verify` walks is what an auditor sees, so a row forged below seq 1 cannot pass for an entry.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import type { PrivacyTier } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import type { Decision } from "./entry";
import {
  addPurposeMatch,
  COUNT_CAP,
  countFrom,
  filterWhere,
  hasFilters,
  PURPOSE_SCAN_LIMIT,
  rawQuery,
  resolveActor,
  seqRange,
  ZLedgerFilters,
  type TLedgerFilters,
} from "./ledger-query";
import { parseStringList } from "./row";

export const ZLedgerQuery = ZLedgerFilters.extend({
  /** Entries with seq < before, read downwards (the "older" cursor). */
  before: z.coerce.number().int().positive().optional(),
  /** Entries with seq > after, read upwards (the "newer" cursor). */
  after: z.coerce.number().int().nonnegative().optional(),
  order: z.enum(["newest", "oldest"]).default("newest"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TLedgerQuery = z.input<typeof ZLedgerQuery>;

export interface LedgerListRow {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string;
  action: string;
  privacyTier: PrivacyTier;
  disclosedTier: PrivacyTier | null;
  resource: string;
  recordId: string | null;
  purpose: string;
  decision: Decision;
  columnsShown: string[];
  columnsMasked: string[];
  columnsDenied: string[];
  rowCount: number;
  requestId: string;
  policyVersion: string;
}

export interface LedgerCount {
  /** Entries matching, up to COUNT_CAP when capped. */
  value: number;
  /** More than `value` match (the count stopped at the cap). */
  capped: boolean;
}

export interface LedgerPage {
  /** In the order asked for. */
  rows: LedgerListRow[];
  /** `before` for the page of older entries, null when there are none. */
  olderCursor: number | null;
  /** `after` for the page of newer entries, null when there are none. */
  newerCursor: number | null;
  /** The page after this one in the order asked for (older when newest first): a seq, as a string for URLs. */
  nextCursor: string | null;
  /** Entries matching the filters: exact from the seq range when only a time range is set (the chain is contiguous),
   * else a count capped at COUNT_CAP; null for a text search (which scans, so it is not counted). */
  count: LedgerCount | null;
  /** A text search looked only at these seqs for this page. */
  searched: { from: number; to: number } | null;
  /** The chain head's seq. */
  headSeq: number;
}

interface Row {
  seq: number | string;
  occurred_at: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string;
  action: string;
  privacy_tier: string;
  disclosed_tier: string | null;
  resource: string;
  record_id: string | null;
  purpose: string;
  decision: string;
  columns_shown: string;
  columns_masked: string;
  columns_denied: string;
  row_count: number | string;
  request_id: string;
  policy_version: string;
}

const SELECT = `SELECT l.seq, l.occurred_at, l.actor_id, u.email AS actor_email, l.actor_role, l.action, l.privacy_tier,
  l.disclosed_tier, l.resource, l.record_id, l.purpose, l.decision, l.columns_shown, l.columns_masked, l.columns_denied,
  l.row_count, l.request_id, l.policy_version
FROM ledger_entries l LEFT JOIN users u ON u.id = l.actor_id`;

const EMPTY = (headSeq: number): LedgerPage => ({
  rows: [],
  olderCursor: null,
  newerCursor: null,
  nextCursor: null,
  count: { value: 0, capped: false },
  searched: null,
  headSeq,
});

export function assertLedgerReader(actor: { role: Role }): void {
  if (!can(actor, "ledger.read")) throw new AppError("forbidden", "Reading the access ledger needs the ledger.read permission");
}

export async function findLedgerEntries(actor: { role: Role }, query: TLedgerQuery, target: DbTarget = dbTarget()): Promise<LedgerPage> {
  assertLedgerReader(actor);
  const q = ZLedgerQuery.parse(query);
  if (q.before !== undefined && q.after !== undefined) throw new AppError("bad_request", "Give one cursor, before or after", { field: "before" });
  const range = await seqRange(q, target);
  const actorId = await resolveActor(q.actor, target);
  if (actorId === null || range.lo > range.hi) return EMPTY(range.head);

  // Downwards from `before` (or from the top when newest first), upwards from `after` (or from the bottom).
  const down = q.before !== undefined || (q.after === undefined && q.order === "newest");
  let lo = range.lo;
  let hi = range.hi;
  if (q.before !== undefined) hi = Math.min(hi, q.before - 1);
  if (q.after !== undefined) lo = Math.max(lo, q.after + 1);

  // The text search cannot use an index: it looks at PURPOSE_SCAN_LIMIT seqs per page and says which.
  let searched: LedgerPage["searched"] = null;
  if (q.purpose !== undefined) {
    if (down) lo = Math.max(lo, hi - PURPOSE_SCAN_LIMIT + 1);
    else hi = Math.min(hi, lo + PURPOSE_SCAN_LIMIT - 1);
    searched = { from: lo, to: hi };
  }
  if (lo > hi) return { ...EMPTY(range.head), count: q.purpose ? null : { value: 0, capped: false } };

  const w = filterWhere(q, actorId, lo, hi, target.dialect);
  if (q.purpose !== undefined) addPurposeMatch(w, q.purpose, target.dialect);
  const raw = await rawQuery<Row>(`${SELECT} ${w} ORDER BY l.seq ${down ? "DESC" : "ASC"} LIMIT ${q.limit + 1}`, w.params, target);
  const more = raw.length > q.limit;
  const page = raw.slice(0, q.limit).map(toListRow);

  // Is there anything on the far side of where this page ended and of where it started?
  const pageMin = page.length ? Math.min(page[0].seq, page[page.length - 1].seq) : null;
  const pageMax = page.length ? Math.max(page[0].seq, page[page.length - 1].seq) : null;
  let olderCursor: number | null;
  let newerCursor: number | null;
  if (down) {
    // More below: a full page, or a text search that stopped at its scan limit above the range's start.
    olderCursor = more ? pageMin : searched && lo > range.lo ? lo : null;
    newerCursor = q.before !== undefined && (await anyBeyond(q, actorId, (pageMax ?? hi) + 1, range.hi, target)) ? (pageMax ?? hi) : null;
  } else {
    newerCursor = more ? pageMax : searched && hi < range.hi ? hi : null;
    olderCursor = q.after !== undefined && (await anyBeyond(q, actorId, range.lo, (pageMin ?? lo) - 1, target)) ? (pageMin ?? lo) : null;
  }

  const rows = (q.order === "newest") === down ? page : page.reverse();
  return {
    rows,
    olderCursor,
    newerCursor,
    nextCursor: (() => {
      const next = q.order === "newest" ? olderCursor : newerCursor;
      return next === null ? null : String(next);
    })(),
    count: q.purpose !== undefined ? null : await countMatching(q, actorId, range.lo, range.hi, target),
    searched,
    headSeq: range.head,
  };
}

/** Does any entry match between lo and hi (inclusive)? One index probe. */
async function anyBeyond(f: TLedgerFilters, actorId: string | undefined, lo: number, hi: number, target: DbTarget): Promise<boolean> {
  if (lo > hi) return false;
  // A text search is not probed (that would be an unbounded scan): the way back is offered whenever there is one.
  if (f.purpose !== undefined) return true;
  const w = filterWhere(f, actorId, lo, hi, target.dialect);
  const r = await rawQuery(`SELECT 1 AS one FROM ledger_entries l ${w} LIMIT 1`, w.params, target);
  return r.length > 0;
}

/** Exact when only a time range is set (the chain is contiguous from 1, so the seq range is the count); otherwise
 * one index scan that stops after COUNT_CAP + 1 rows: never a COUNT(*) over the whole table. */
async function countMatching(f: TLedgerFilters, actorId: string | undefined, lo: number, hi: number, target: DbTarget): Promise<LedgerCount> {
  const onlyTime = !hasFilters({ ...f, from: undefined, to: undefined });
  if (onlyTime) return { value: Math.max(0, hi - lo + 1), capped: false };
  const w = filterWhere(f, actorId, lo, hi, target.dialect);
  const [r] = await rawQuery<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${countFrom(f, actorId, target.dialect)} ${w} LIMIT ${COUNT_CAP + 1}) capped`,
    w.params,
    target,
  );
  const n = Number(r?.n ?? 0);
  return n > COUNT_CAP ? { value: COUNT_CAP, capped: true } : { value: n, capped: false };
}

function toListRow(r: Row): LedgerListRow {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    action: r.action,
    privacyTier: r.privacy_tier as PrivacyTier,
    disclosedTier: (r.disclosed_tier as PrivacyTier | null) ?? null,
    resource: r.resource,
    recordId: r.record_id,
    purpose: r.purpose,
    decision: r.decision as Decision,
    columnsShown: parseStringList(r.columns_shown),
    columnsMasked: parseStringList(r.columns_masked),
    columnsDenied: parseStringList(r.columns_denied),
    rowCount: Number(r.row_count),
    requestId: r.request_id,
    policyVersion: r.policy_version,
  };
}
