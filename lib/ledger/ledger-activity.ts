// The ledger browser's activity chart: entries per hour or per day over the selected range, by decision and by the
// tier asked for. Each bucket is a seq range (time rises with seq; one probe of the occurred_at index per boundary,
// remembered until an appended entry could move it), and its counts are cached under (filters, first seq, last seq):
// the ledger is append-only, so those seqs name the same entries for ever, and a bucket that gains an entry has a new
// last seq, hence a new key. A render counts at most CHART_SCAN_LIMIT uncached entries (newest buckets first); the rest
// are counted by the next renders.
import type { z } from "zod";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import type { Role } from "@/lib/core/permissions";
import type { PrivacyTier } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import type { Decision } from "./entry";
import { assertLedgerReader } from "./find-ledger-entries";
import { addPurposeMatch, filterWhere, FILTER_KEYS, rawQuery, resolveActor, ZLedgerFilters } from "./ledger-query";

/** Without a time range the chart shows the last day. */
export const DEFAULT_CHART_HOURS = 24;
/** At most this many entries not yet in the cache are counted per render. */
export const CHART_SCAN_LIMIT = 100_000;
const HOUR = 3_600_000;
const MAX_BUCKETS = 400;

export interface ActivityBucket {
  /** Start of the bucket, ISO-8601 UTC. */
  at: string;
  byDecision: Partial<Record<Decision, number>>;
  byTier: Partial<Record<PrivacyTier, number>>;
  total: number;
  /** Not counted yet (over this render's budget). */
  pending?: boolean;
}

export interface LedgerActivity {
  unit: "hour" | "day";
  from: string;
  to: string;
  buckets: ActivityBucket[];
  /** Buckets left uncounted by this render (a later render counts them). */
  pending: number;
}

type Counts = Pick<ActivityBucket, "byDecision" | "byTier" | "total">;
const cache = new Map<string, Counts>();
const CACHE_MAX = 20_000;

export async function ledgerActivity(
  actor: { role: Role },
  filters: z.input<typeof ZLedgerFilters>,
  target: DbTarget = dbTarget(),
): Promise<LedgerActivity> {
  assertLedgerReader(actor);
  const f = ZLedgerFilters.parse(filters);
  const nowMs = now().getTime();
  const to = f.to ?? new Date(Math.ceil((nowMs + 1) / HOUR) * HOUR).toISOString();
  const from = f.from ?? new Date(Date.parse(to) - DEFAULT_CHART_HOURS * HOUR).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw new AppError("validation_failed", "The start of the range must be before its end", { field: "from" });
  const unit = Date.parse(to) - Date.parse(from) <= 72 * HOUR ? "hour" : "day";
  const buckets = emptyBuckets(from, to, unit);
  const result: LedgerActivity = { unit, from, to, buckets, pending: 0 };
  const actorId = await resolveActor(f.actor, target);
  if (actorId === null || buckets.length === 0) return result;

  // Bucket i holds seqs [starts[i], starts[i + 1]); the first bucket starts at `from`, the last ends at `to`.
  const edges = [from, ...buckets.slice(1).map((b) => b.at), to];
  const starts = await firstSeqsAt(edges, target);
  const filterKey = JSON.stringify(FILTER_KEYS.map((k) => (k === "from" || k === "to" ? null : k === "actor" ? actorId : f[k])));
  const keyOf = (i: number) => `${target.dialect}|${filterKey}|${starts[i]}|${starts[i + 1]}`;

  let budget = CHART_SCAN_LIMIT;
  // Newest first, so the part of the range an auditor most likely cares about is counted first.
  for (let i = buckets.length - 1; i >= 0; i--) {
    const lo = starts[i];
    const hi = starts[i + 1] - 1;
    if (lo > hi) continue;
    const hit = cache.get(keyOf(i));
    if (hit) {
      Object.assign(buckets[i], hit);
      continue;
    }
    if (hi - lo + 1 > budget) {
      buckets[i].pending = true;
      result.pending++;
      continue;
    }
    budget -= hi - lo + 1;
    const counts = await countRange({ ...f, from, to }, actorId, lo, hi, target);
    Object.assign(buckets[i], counts);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(keyOf(i), counts);
  }
  return result;
}

/** For each instant, the seq after the last entry before it (1 when none): where a bucket starting there begins.
 * With time rising with seq this is the first seq at or after the instant; should a clock ever have stepped back, it
 * still never puts an entry in a bucket that ends before the entry's time. One statement for every edge the memo
 * below does not know. */
async function firstSeqsAt(instants: string[], target: DbTarget): Promise<number[]> {
  const p = (n: number) => (target.dialect === "sqlite" ? "?" : `$${n}`);
  const memo = await edgeMemo(target);
  const known = new Map(instants.flatMap((t) => (memo.seqs.has(t) ? [[t, memo.seqs.get(t)!] as const] : [])));
  const missing = [...new Set(instants.filter((t) => !known.has(t)))];
  if (missing.length > 0) {
    const cols = missing.map(
      (_, i) =>
        `(SELECT MAX(seq) FROM ledger_entries WHERE occurred_at = (SELECT MAX(occurred_at) FROM ledger_entries WHERE occurred_at < ${p(i + 1)})) AS s${i}`,
    );
    const [row] = await rawQuery<Record<string, number | string | null>>(
      `SELECT (SELECT MAX(seq) FROM ledger_entries) AS head, ${cols.join(", ")}`,
      missing,
      target,
    );
    // Kept only when read at the memo's own head: nothing appended in between, nobody moved the memo meanwhile.
    const keep = Number(row?.head ?? 0) === memo.head && edgeMemos.get(memoKey(target)) === memo;
    if (keep && memo.seqs.size + missing.length > EDGE_MEMO_MAX) memo.seqs.clear();
    missing.forEach((t, i) => {
      const seq = Math.max(1, Number(row?.[`s${i}`] ?? 0) + 1);
      known.set(t, seq);
      if (keep) memo.seqs.set(t, seq);
    });
  }
  return instants.map((t) => known.get(t)!);
}

/**
 * Where an edge falls depends only on the entries up to the head, which never change (append-only), so the answers
 * are kept per database with the head they hold for: 8 auditors looking at the last day's chart ask for the same 25
 * edges. When entries were appended since, an edge stays right only if none of them is older than it (time rises
 * with seq, so that is every edge but the newest, unless a clock stepped back); the others are asked again.
 */
interface EdgeMemo {
  head: number;
  seqs: Map<string, number>;
}
const EDGE_MEMO_MAX = 2_000;
const edgeMemos = new Map<string, EdgeMemo>();
const memoKey = (target: DbTarget) => (target.dialect === "sqlite" ? `sqlite:${target.path}` : target.url);

async function edgeMemo(target: DbTarget): Promise<EdgeMemo> {
  const key = memoKey(target);
  const [h] = await rawQuery<{ head: number | string | null }>("SELECT MAX(seq) AS head FROM ledger_entries", [], target);
  const head = Number(h?.head ?? 0);
  const memo = edgeMemos.get(key);
  if (memo?.head === head) return memo;
  if (memo && head > memo.head && head - memo.head <= 10_000) {
    const since = memo.head;
    const p = (n: number) => (target.dialect === "sqlite" ? "?" : `$${n}`);
    const [r] = await rawQuery<{ oldest: string | Date | null }>(
      `SELECT MIN(occurred_at) AS oldest FROM ledger_entries WHERE seq > ${p(1)} AND seq <= ${p(2)}`,
      [since, head],
      target,
    );
    // Unless another render moved the memo meanwhile: then it is theirs to keep, and this render starts its own.
    if (edgeMemos.get(key) === memo && memo.head === since) {
      const oldest = r?.oldest == null ? Infinity : new Date(r.oldest).getTime();
      for (const t of memo.seqs.keys()) if (Date.parse(t) > oldest) memo.seqs.delete(t);
      memo.head = head;
      return memo;
    }
  }
  // The first call, a head that went down (another database at this address), or too much appended to look through.
  const fresh: EdgeMemo = { head, seqs: new Map() };
  edgeMemos.set(key, fresh);
  return fresh;
}

async function countRange(
  f: z.output<typeof ZLedgerFilters>,
  actorId: string | undefined,
  lo: number,
  hi: number,
  target: DbTarget,
): Promise<Counts> {
  const w = filterWhere(f, actorId, lo, hi, target.dialect);
  if (f.purpose !== undefined) addPurposeMatch(w, f.purpose, target.dialect);
  const rows = await rawQuery<{ decision: string; tier: string; n: number | string }>(
    `SELECT l.decision AS decision, l.privacy_tier AS tier, COUNT(*) AS n FROM ledger_entries l ${w} GROUP BY l.decision, l.privacy_tier`,
    w.params,
    target,
  );
  const counts: Counts = { byDecision: {}, byTier: {}, total: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    const d = r.decision as Decision;
    const t = r.tier as PrivacyTier;
    counts.byDecision[d] = (counts.byDecision[d] ?? 0) + n;
    counts.byTier[t] = (counts.byTier[t] ?? 0) + n;
    counts.total += n;
  }
  return counts;
}

/** Every bucket of the range, empty ones included, so gaps show as gaps; the newest MAX_BUCKETS at most. */
function emptyBuckets(from: string, to: string, unit: "hour" | "day"): ActivityBucket[] {
  const step = unit === "hour" ? HOUR : 24 * HOUR;
  const start = new Date(Math.max(Date.parse(from), Date.parse(to) - MAX_BUCKETS * step));
  if (unit === "hour") start.setUTCMinutes(0, 0, 0);
  else start.setUTCHours(0, 0, 0, 0);
  const out: ActivityBucket[] = [];
  for (let t = start.getTime(); t < Date.parse(to); t += step) out.push({ at: new Date(t).toISOString(), byDecision: {}, byTier: {}, total: 0 });
  // The first bucket starts at `from` itself when `from` is not on a bucket boundary.
  if (out.length && Date.parse(out[0].at) < Date.parse(from)) out[0].at = new Date(Math.max(Date.parse(from), Date.parse(out[0].at))).toISOString();
  return out;
}
