// Recomputes the whole chain (law 2) and reports everything an auditor must act on, not only the first break:
// rows outside the chain (seq <= 0), seq gaps, rows whose hashes fail, and payloads gone against their
// payload_hash. The core walks any seq-ordered stream of rows, so `ledger verify --bundle` can reuse it over a
// file; reading a store is the only database-specific part. Streams, so millions of rows verify in constant memory.
import type { DbTarget } from "@/lib/db/dialect";
import { sha256Hex } from "@/lib/core/hash";
import { GENESIS_HASH, hashEntry } from "./entry";
import { fromRow, LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";
import { ledgerStore } from "./store";

export interface VerifyOptions {
  /** Payloads may have been pruned on purpose (their hash stays chained). Nothing in Warden prunes them
   * today, so by default a missing payload is tampering. */
  allowPrunedPayloads?: boolean;
}

export interface VerifyFinding {
  seq: number;
  reason: string;
}

export interface VerifyResult {
  /** No row outside the chain, no gap, no broken row, and no missing payload unless pruning is allowed. */
  ok: boolean;
  /** Rows at seq >= 1 that were walked. */
  count: number;
  /** The last row walked: its entry_hash is the chain head when ok. */
  head: { seq: number; entryHash: string } | null;
  /** The first gap or broken row in seq order: where an investigation starts. */
  firstBad: VerifyFinding | null;
  /** Rows stored at seq <= 0. The chain starts at 1, so nothing vouches for them. `seqs`: the first few, as stored. */
  outsideChain: { count: number; seqs: string[] };
  /** Runs of seqs missing between 1 and the last row (`missing` counts the seqs). */
  gaps: { count: number; missing: number; ranges: Array<{ from: number; to: number }> };
  /** Rows whose stored form, link, payload or entry_hash fails. `first`: the first few. */
  broken: { count: number; first: VerifyFinding[] };
  /** Rows whose payload is NULL although payload_hash says there was one. */
  missingPayloads: { count: number; firstSeq: number | null; allowed: boolean };
}

/** How many seqs, gaps and broken rows a result names; the counts are always complete. */
const LISTED = 10;

/** Verifies rows in ascending seq order (all of them, seq <= 0 included). Pure: no I/O but the iteration. */
export async function verifyLedgerRows(rows: AsyncIterable<LedgerRow> | Iterable<LedgerRow>, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const result: VerifyResult = {
    ok: false,
    count: 0,
    head: null,
    firstBad: null,
    outsideChain: { count: 0, seqs: [] },
    gaps: { count: 0, missing: 0, ranges: [] },
    broken: { count: 0, first: [] },
    missingPayloads: { count: 0, firstSeq: null, allowed: opts.allowPrunedPayloads === true },
  };
  const noteBroken = (seq: number, reason: string) => {
    result.broken.count++;
    if (result.broken.first.length < LISTED) result.broken.first.push({ seq, reason });
    result.firstBad ??= { seq, reason };
  };

  let expectedSeq = 1;
  let prevHash: string | null = GENESIS_HASH;
  for await (const row of rows) {
    const seq = Number(row.seq);
    if (!Number.isInteger(seq)) {
      noteBroken(expectedSeq, `seq ${JSON.stringify(row.seq)} is not a whole number`);
      prevHash = null;
      continue;
    }
    if (seq < 1) {
      result.outsideChain.count++;
      if (result.outsideChain.seqs.length < LISTED) result.outsideChain.seqs.push(String(row.seq));
      continue;
    }
    result.count++;
    if (seq < expectedSeq) {
      noteBroken(seq, `seq ${seq} appears twice or out of order`);
      continue;
    }
    if (seq > expectedSeq) {
      const range = { from: expectedSeq, to: seq - 1 };
      result.gaps.count++;
      result.gaps.missing += range.to - range.from + 1;
      if (result.gaps.ranges.length < LISTED) result.gaps.ranges.push(range);
      result.firstBad ??= { seq: expectedSeq, reason: `${describeRange(range)} missing` };
      // The gap already explains why this row's prev_hash links to nothing we saw.
      prevHash = null;
    }
    expectedSeq = seq + 1;

    const reason = checkRow(row, prevHash);
    if (reason) noteBroken(seq, reason);
    if (row.payload === null && row.payload_hash !== null) {
      result.missingPayloads.count++;
      result.missingPayloads.firstSeq ??= seq;
    }
    // Link the next row to what is stored here, so one altered row is reported once, not as every row after it.
    prevHash = String(row.entry_hash);
    result.head = { seq, entryHash: prevHash };
  }

  result.ok =
    result.outsideChain.count === 0 &&
    result.gaps.count === 0 &&
    result.broken.count === 0 &&
    (result.missingPayloads.count === 0 || result.missingPayloads.allowed);
  return result;
}

/** Why a row at seq >= 1 fails on its own and against its predecessor (prevHash null: not checked), or null. */
function checkRow(row: LedgerRow, prevHash: string | null): string | null {
  const entry = fromRow(row);
  // Stored bytes must be exactly what the entry serialises to; anything else was written outside the ledger.
  const canonical = toRow(entry);
  const drifted = LEDGER_COLUMNS.find((c) => String(canonical[c]) !== String(row[c]));
  if (drifted) return `column ${drifted} is not in canonical form`;
  if (prevHash !== null && entry.prevHash !== prevHash) return "prev_hash does not match the previous entry's hash";
  if (entry.payload !== null && sha256Hex(entry.payload) !== entry.payloadHash) return "payload does not match payload_hash";
  if (hashEntry(entry) !== entry.entryHash) return "entry_hash does not match the entry's content";
  return null;
}

export async function verifyLedger(target: DbTarget, opts: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyLedgerRows(ledgerStore(target).scan(), opts);
}

function describeRange(r: { from: number; to: number }): string {
  return r.from === r.to ? `seq ${r.from}` : `seq ${r.from}..${r.to}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const andMore = (listed: number, total: number) => (total > listed ? `, and ${total - listed} more` : "");

/** The findings as short clauses, most urgent first; empty when there is nothing to report. */
export function describeFindings(r: VerifyResult): string[] {
  const out: string[] = [];
  if (r.outsideChain.count > 0) {
    out.push(
      `${plural(r.outsideChain.count, "row", "rows")} outside the chain at seq <= 0: ${r.outsideChain.seqs.join(", ")}${andMore(r.outsideChain.seqs.length, r.outsideChain.count)}`,
    );
  }
  if (r.gaps.count > 0) {
    const ranges = r.gaps.ranges.map(describeRange).join(", ");
    out.push(
      `${plural(r.gaps.count, "gap", "gaps")} (${plural(r.gaps.missing, "seq", "seqs")} missing): ${ranges}${andMore(r.gaps.ranges.length, r.gaps.count)}`,
    );
  }
  if (r.broken.count > 0) {
    const first = r.broken.first.map((f) => `seq ${f.seq}: ${f.reason}`).join("; ");
    out.push(`${plural(r.broken.count, "row fails", "rows fail")} verification (${first}${andMore(r.broken.first.length, r.broken.count)})`);
  }
  if (r.missingPayloads.count > 0) {
    const what = `${plural(r.missingPayloads.count, "payload", "payloads")} missing against payload_hash (first at seq ${r.missingPayloads.firstSeq})`;
    out.push(r.missingPayloads.allowed ? `${what}, pruning allowed` : what);
  }
  return out;
}
