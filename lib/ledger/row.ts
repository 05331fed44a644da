// The stored form of a ledger entry (snake_case columns, JSON arrays as text) and back.
import type { PrivacyTier } from "@/lib/core/tiers";
import type { Decision, LedgerEntry } from "./entry";

export const LEDGER_COLUMNS = [
  "seq",
  "occurred_at",
  "actor_id",
  "actor_role",
  "action",
  "privacy_tier",
  "resource",
  "record_id",
  "purpose",
  "decision",
  "columns_shown",
  "columns_masked",
  "columns_denied",
  "policy_version",
  "request_id",
  "ip_hash",
  "ua_hash",
  "row_count",
  "disclosed_tier",
  "payload",
  "payload_hash",
  "prev_hash",
  "entry_hash",
] as const;

export type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number], string | number | null>;

export function toRow(e: LedgerEntry): LedgerRow {
  return {
    seq: e.seq,
    occurred_at: e.occurredAt,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    action: e.action,
    privacy_tier: e.privacyTier,
    resource: e.resource,
    record_id: e.recordId,
    purpose: e.purpose,
    decision: e.decision,
    columns_shown: JSON.stringify(e.columnsShown),
    columns_masked: JSON.stringify(e.columnsMasked),
    columns_denied: JSON.stringify(e.columnsDenied),
    policy_version: e.policyVersion,
    request_id: e.requestId,
    ip_hash: e.ipHash,
    ua_hash: e.uaHash,
    row_count: e.rowCount,
    disclosed_tier: e.disclosedTier,
    payload: e.payload,
    payload_hash: e.payloadHash,
    prev_hash: e.prevHash,
    entry_hash: e.entryHash,
  };
}

/**
 * An entry's column values in LEDGER_COLUMNS order, as toRow writes them, pushed without building the row object (a
 * batch of 1,000 made 1,000 of them for the young generation to collect). Sealing reads an entry through it too
 * (canonicalEntryText); verify-serialiser.test.ts holds it to toRow's values.
 */
export function pushRowValues(out: unknown[], e: LedgerEntry): void {
  out.push(
    e.seq,
    e.occurredAt,
    e.actorId,
    e.actorRole,
    e.action,
    e.privacyTier,
    e.resource,
    e.recordId,
    e.purpose,
    e.decision,
    JSON.stringify(e.columnsShown),
    JSON.stringify(e.columnsMasked),
    JSON.stringify(e.columnsDenied),
    e.policyVersion,
    e.requestId,
    e.ipHash,
    e.uaHash,
    e.rowCount,
    e.disclosedTier,
    e.payload,
    e.payloadHash,
    e.prevHash,
    e.entryHash,
  );
}

/** A stored JSON list of column names; [] for anything unparsable (verify reports such a row by its hash). */
export function parseStringList(json: unknown): string[] {
  try {
    const v = JSON.parse(String(json));
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return []; // a tampered, unparsable cell: the hash check reports it
  }
}

export function fromRow(r: LedgerRow): LedgerEntry {
  return {
    seq: Number(r.seq),
    occurredAt: String(r.occurred_at),
    actorId: (r.actor_id as string | null) ?? null,
    actorRole: String(r.actor_role),
    action: String(r.action),
    privacyTier: r.privacy_tier as PrivacyTier,
    resource: String(r.resource),
    recordId: (r.record_id as string | null) ?? null,
    purpose: String(r.purpose),
    decision: r.decision as Decision,
    columnsShown: parseStringList(r.columns_shown),
    columnsMasked: parseStringList(r.columns_masked),
    columnsDenied: parseStringList(r.columns_denied),
    policyVersion: String(r.policy_version),
    requestId: String(r.request_id),
    ipHash: (r.ip_hash as string | null) ?? null,
    uaHash: (r.ua_hash as string | null) ?? null,
    rowCount: Number(r.row_count),
    disclosedTier: (r.disclosed_tier as PrivacyTier | null) ?? null,
    payload: (r.payload as string | null) ?? null,
    payloadHash: (r.payload_hash as string | null) ?? null,
    prevHash: String(r.prev_hash),
    entryHash: String(r.entry_hash),
  };
}
