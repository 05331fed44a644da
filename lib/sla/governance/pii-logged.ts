// The governance SLI "PII-restricted access logged" (issue 10, decision 036) as pii_logged observations, two parts:
// - the gateway's own decisions per closed UTC hour and action (gateway_decision_tallies) against the ledger's
//   entries of that action in that hour;
// - each access_report (another system's count of the events it sent us in a window) against the events Warden
//   ingested from that token in the window (ingest_receipts: one per ingested event, written in the entry's
//   transaction, naming the token; the entry's resource names the token only when the event carries no dataset).
// Figures are written once a window is closed (plus a grace for in-flight tally flushes), so they are final and a
// re-run finds only duplicates: an hour still open is not observed yet (decision 036).
import { dbTarget } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import { rawQuery, seqRange } from "@/lib/ledger/ledger-query";
import { TALLY_FLUSH_MS } from "@/lib/access/decision-tally";
import type { NewObservation } from "@/lib/sla/ingest/insert-observations";

export const PII_LOGGED_KEY = "governance.pii_access_logged";
const HOUR_MS = 3_600_000;
/** An hour is observed once it ended this long ago: every instance's timer has flushed its counts by then. */
export const HOUR_GRACE_MS = 12 * TALLY_FLUSH_MS + 60_000;
/** A report is judged this long after its window ended: an event sent at the edge has been ingested by then. */
export const REPORT_GRACE_MS = 10 * 60_000;

/** Hourly gateway figures for the closed hours in [from, at − grace). */
export async function gatewayLoggedObservations(from: Date, at: Date): Promise<NewObservation[]> {
  const until = new Date(Math.floor((at.getTime() - HOUR_GRACE_MS) / HOUR_MS) * HOUR_MS);
  const start = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS);
  if (until <= start) return [];
  const tallies = await getDb().gatewayDecisionTally.findMany({
    where: { hourStart: { gte: start, lt: until } },
    orderBy: [{ action: "asc" }, { hourStart: "asc" }],
  });
  if (tallies.length === 0) return [];
  const entries = await ledgerCountsByHour([...new Set(tallies.map((t) => t.action))], start, until);
  return tallies.map((t) => {
    const hour = t.hourStart.toISOString();
    const logged = entries.get(`${hour.slice(0, 13)}|${t.action}`) ?? 0;
    return {
      slaKey: PII_LOGGED_KEY,
      itemId: `gateway:${hour}:${t.action}`,
      kind: "pii_logged",
      subject: t.action,
      observedAt: new Date(t.hourStart.getTime() + HOUR_MS),
      windowStart: t.hourStart,
      value: t.decisions - logged,
      good: Math.min(logged, t.decisions),
      total: t.decisions,
      detail: null,
    };
  });
}

/**
 * Ledger entries per (UTC hour, action) in [from, to): the time range becomes a seq range (two probes of the
 * occurred_at index, decision 020), then one (action, seq) index range scan per action.
 */
async function ledgerCountsByHour(actions: string[], from: Date, to: Date): Promise<Map<string, number>> {
  const target = dbTarget();
  const { lo, hi } = await seqRange({ from: from.toISOString(), to: to.toISOString() }, target);
  const counts = new Map<string, number>();
  if (hi < lo) return counts;
  const p = (n: number) => (target.dialect === "sqlite" ? "?" : `$${n}`);
  const sql = `SELECT substr(occurred_at, 1, 13) AS h, COUNT(*) AS n FROM ledger_entries
    WHERE action = ${p(1)} AND seq >= ${p(2)} AND seq <= ${p(3)} AND occurred_at >= ${p(4)} AND occurred_at < ${p(5)} GROUP BY substr(occurred_at, 1, 13)`;
  for (const action of actions) {
    const rows = await rawQuery<{ h: string; n: number | string }>(sql, [action, lo, hi, from.toISOString(), to.toISOString()], target);
    for (const r of rows) counts.set(`${r.h}|${action}`, Number(r.n));
  }
  return counts;
}

/** One observation per access_report whose window ended in [from, at − grace). */
export async function reportedLoggedObservations(from: Date, at: Date): Promise<NewObservation[]> {
  const reports = await getDb().slaObservation.findMany({
    // Reports are stored under this SLA (its definitions accept access_report); the key makes it an index range.
    where: { slaKey: PII_LOGGED_KEY, kind: "access_report", observedAt: { gte: from, lt: new Date(at.getTime() - REPORT_GRACE_MS) } },
    select: { slaKey: true, itemId: true, subject: true, observedAt: true, windowStart: true, value: true, detail: true },
    orderBy: { observedAt: "asc" },
  });
  if (reports.length === 0) return [];
  const tokens = await getDb().apiToken.findMany({
    where: { name: { in: [...new Set(reports.map((r) => r.subject))] } },
    select: { id: true, name: true },
  });
  const target = dbTarget();
  const out: NewObservation[] = [];
  for (const r of reports) {
    const reported = reportedCount(r.value, r.detail);
    const windowStart = r.windowStart ?? r.observedAt;
    const ids = tokens.filter((t) => t.name === r.subject).map((t) => t.id);
    const ingested = ids.length === 0 ? 0 : await receiptsInWindow(ids, windowStart, r.observedAt, target);
    out.push({
      slaKey: PII_LOGGED_KEY,
      itemId: `report:${r.slaKey}:${r.itemId}`,
      kind: "pii_logged",
      subject: `external:${r.subject}`,
      observedAt: r.observedAt,
      windowStart,
      value: reported - ingested,
      good: Math.min(ingested, reported),
      total: reported,
      detail: null,
    });
  }
  return out;
}

function reportedCount(value: number | null, detail: string | null): number {
  if (value !== null) return value;
  const d = detail ? (JSON.parse(detail) as { reported?: unknown }) : {};
  return typeof d.reported === "number" ? d.reported : 0;
}

// Receipts carry the seq of their entry, and the entry's occurred_at is the ingest time: the window becomes a seq
// range, read through ingest_receipts (token_id, seq) (migration 20261129005300_sla_governance).
async function receiptsInWindow(tokenIds: string[], from: Date, to: Date, target = dbTarget()): Promise<number> {
  const { lo, hi } = await seqRange({ from: from.toISOString(), to: to.toISOString() }, target);
  if (hi < lo) return 0;
  let n = 0;
  for (const tokenId of tokenIds) {
    const sql =
      target.dialect === "sqlite"
        ? "SELECT COUNT(*) AS n FROM ingest_receipts WHERE token_id = ? AND seq >= ? AND seq <= ?"
        : "SELECT COUNT(*) AS n FROM ingest_receipts WHERE token_id = $1 AND seq >= $2 AND seq <= $3";
    const [row] = await rawQuery<{ n: number | string }>(sql, [tokenId, lo, hi], target);
    n += Number(row?.n ?? 0);
  }
  return n;
}
