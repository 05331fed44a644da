// The ledger browser's activity chart: entries per hour or per day over the selected range, by decision and by the
// tier asked for. One GROUP BY over the range's seqs (an index range scan, the filters' indexes when set); the range
// is bounded so a chart never walks millions of rows on a page render.
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import type { Role } from "@/lib/core/permissions";
import type { PrivacyTier } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import type { Decision } from "./entry";
import { assertLedgerReader } from "./find-ledger-entries";
import { addPurposeMatch, filterWhere, rawQuery, resolveActor, seqRange, ZLedgerFilters, type TLedgerFilters } from "./ledger-query";

/** Without a time range the chart shows the last day. */
export const DEFAULT_CHART_HOURS = 24;
/** At most this many entries (the newest of the range) are charted per render. */
export const CHART_SCAN_LIMIT = 100_000;
const HOUR = 3_600_000;

export interface ActivityBucket {
  /** Start of the bucket, ISO-8601 UTC. */
  at: string;
  byDecision: Partial<Record<Decision, number>>;
  byTier: Partial<Record<PrivacyTier, number>>;
  total: number;
}

export interface LedgerActivity {
  unit: "hour" | "day";
  from: string;
  to: string;
  buckets: ActivityBucket[];
  /** The range held more entries than CHART_SCAN_LIMIT: only the newest were charted, from this seq on. */
  truncatedFromSeq: number | null;
}

export async function ledgerActivity(actor: { role: Role }, filters: TLedgerFilters, target: DbTarget = dbTarget()): Promise<LedgerActivity> {
  assertLedgerReader(actor);
  const f = ZLedgerFilters.parse(filters);
  const nowMs = now().getTime();
  const to = f.to ?? new Date(Math.ceil(nowMs / HOUR) * HOUR).toISOString();
  const from = f.from ?? new Date(Date.parse(to) - DEFAULT_CHART_HOURS * HOUR).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw new AppError("bad_request", "The start of the range must be before its end", { field: "from" });
  const unit = Date.parse(to) - Date.parse(from) <= 72 * HOUR ? "hour" : "day";
  const buckets = emptyBuckets(from, to, unit);
  const result: LedgerActivity = { unit, from, to, buckets, truncatedFromSeq: null };

  const range = await seqRange({ from, to }, target);
  const actorId = await resolveActor(f.actor, target);
  if (actorId === null || range.lo > range.hi) return result;
  let lo = range.lo;
  if (range.hi - lo + 1 > CHART_SCAN_LIMIT) {
    lo = range.hi - CHART_SCAN_LIMIT + 1;
    result.truncatedFromSeq = lo;
  }
  const w = filterWhere({ ...f, from, to }, actorId, lo, range.hi, target.dialect);
  if (f.purpose !== undefined) addPurposeMatch(w, f.purpose, target.dialect);
  const len = unit === "hour" ? 13 : 10;
  const rows = await rawQuery<{ b: string; decision: string; tier: string; n: number | string }>(
    `SELECT substr(l.occurred_at, 1, ${len}) AS b, l.decision AS decision, l.privacy_tier AS tier, COUNT(*) AS n
     FROM ledger_entries l ${w} GROUP BY substr(l.occurred_at, 1, ${len}), l.decision, l.privacy_tier`,
    w.params,
    target,
  );
  const index = new Map(buckets.map((b) => [b.at.slice(0, len), b]));
  for (const r of rows) {
    const b = index.get(r.b);
    if (!b) continue; // outside the drawn buckets (a clock step); the table still lists it
    const n = Number(r.n);
    const d = r.decision as Decision;
    const t = r.tier as PrivacyTier;
    b.byDecision[d] = (b.byDecision[d] ?? 0) + n;
    b.byTier[t] = (b.byTier[t] ?? 0) + n;
    b.total += n;
  }
  return result;
}

/** Every bucket of the range, empty ones included, so gaps show as gaps. At most a few hundred (72 h or days). */
function emptyBuckets(from: string, to: string, unit: "hour" | "day"): ActivityBucket[] {
  const step = unit === "hour" ? HOUR : 24 * HOUR;
  // The newest 400 buckets at most (a range of years charts its last 400 days).
  const start = new Date(Math.max(Date.parse(from), Date.parse(to) - 400 * step));
  if (unit === "hour") start.setUTCMinutes(0, 0, 0);
  else start.setUTCHours(0, 0, 0, 0);
  const out: ActivityBucket[] = [];
  for (let t = start.getTime(); t < Date.parse(to) && out.length < 400; t += step) {
    out.push({ at: new Date(t).toISOString(), byDecision: {}, byTier: {}, total: 0 });
  }
  return out;
}
