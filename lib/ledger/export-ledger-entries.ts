// CSV of the ledger browser's current view (the same filters and order), streamed in keyset batches so memory stays
// flat at millions of entries. The export is itself a ledger entry, `ledger.entries_exported`, with the filters in
// its payload, appended before the first byte is produced: if the ledger cannot record it, nothing is served.
import type { RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import type { Role } from "@/lib/core/permissions";
import { detectPii, describePii } from "@/lib/core/pii-detect";
import { now } from "@/lib/core/clock";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { appendLedgerEntry } from "./append";
import { assertLedgerReader, ZLedgerQuery } from "./find-ledger-entries";
import { addPurposeMatch, filterWhere, FILTER_KEYS, rawQuery, resolveActor, seqRange, type TLedgerFilters } from "./ledger-query";

const BATCH = 1_000;

export const CSV_COLUMNS = [
  "seq",
  "occurred_at",
  "actor_id",
  "actor_email",
  "actor_role",
  "action",
  "privacy_tier",
  "disclosed_tier",
  "resource",
  "record_id",
  "purpose",
  "decision",
  "columns_shown",
  "columns_masked",
  "columns_denied",
  "policy_version",
  "row_count",
  "request_id",
  "payload_hash",
  "entry_hash",
] as const;

export interface LedgerExport {
  filename: string;
  /** The seq of the entry that records this export. */
  ledgerSeq: number;
  /** CSV text in chunks (header first). */
  chunks: AsyncIterable<string>;
}

/** A search term is checked like a purpose is when written: one that looks like personal data is refused, so the
 * term may sit in a URL and in this export's ledger payload (docs/decisions/020-ledger-browser.md). */
export function assertNoPiiInSearch(term: string | undefined): void {
  if (!term) return;
  const reason = describePii(detectPii(term), "the search");
  if (reason) throw new AppError("validation_failed", `The purpose search ${reason}`, { field: "purpose" });
}

export async function exportLedgerEntries(
  actor: { id: string; role: Role },
  query: unknown,
  meta: RequestMeta,
  target: DbTarget = dbTarget(),
): Promise<LedgerExport> {
  assertLedgerReader(actor);
  const parsed = ZLedgerQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation_failed", `${issue.path.join(".")}: ${issue.message}`, { field: String(issue.path[0] ?? "") });
  }
  const q = parsed.data;
  assertNoPiiInSearch(q.purpose);
  const actorId = await resolveActor(q.actor, target);
  // The payload holds ids only: an actor given by email is recorded by the id it names.
  const filters: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = k === "actor" ? (actorId ?? q.actor) : q[k];
    if (v !== undefined && v !== null) filters[k] = v;
  }
  const entry = await appendLedgerEntry({
    actorId: actor.id,
    actorRole: actor.role,
    action: "ledger.entries_exported",
    privacyTier: "none",
    resource: "ledger",
    purpose: "",
    decision: "allow",
    requestId: meta.requestId,
    ipHash: meta.ipHash,
    uaHash: meta.uaHash,
    payload: { filters, order: q.order, format: "csv" },
  });
  const stamp = now().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return {
    filename: `ledger-${stamp}.csv`,
    ledgerSeq: entry.seq,
    // Rows after the export's own entry are left out: the file is the view as it stood when the export was recorded.
    chunks: csvChunks(q, actorId, q.order === "newest", entry.seq - 1, target),
  };
}

async function* csvChunks(
  f: TLedgerFilters,
  actorId: string | null | undefined,
  down: boolean,
  maxSeq: number,
  target: DbTarget,
): AsyncIterable<string> {
  yield CSV_COLUMNS.join(",") + "\r\n";
  if (actorId === null) return;
  const range = await seqRange(f, target);
  let lo = range.lo;
  let hi = Math.min(range.hi, maxSeq);
  const cols = CSV_COLUMNS.map((c) => (c === "actor_email" ? "u.email AS actor_email" : `l.${c}`)).join(", ");
  while (lo <= hi) {
    const w = filterWhere(f, actorId, lo, hi, target.dialect);
    if (f.purpose !== undefined) addPurposeMatch(w, f.purpose, target.dialect);
    const rows = await rawQuery<Record<(typeof CSV_COLUMNS)[number], string | number | null>>(
      `SELECT ${cols} FROM ledger_entries l LEFT JOIN users u ON u.id = l.actor_id ${w} ORDER BY l.seq ${down ? "DESC" : "ASC"} LIMIT ${BATCH}`,
      w.params,
      target,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c] === null ? "" : String(r[c]))).join(",")).join("\r\n") + "\r\n";
    const last = Number(rows[rows.length - 1].seq);
    if (down) hi = last - 1;
    else lo = last + 1;
    if (rows.length < BATCH) return;
  }
}

/** Formula-safe (OWASP "CSV injection": a leading = + - @ tab or CR gets a quote), then RFC 4180 quoting. */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
