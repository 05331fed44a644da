// The ledger for machines (token use ledger:read): entries as stored, checkpoints, and an NDJSON export of entries as
// §5.1 envelope events. Reading entries or exporting them is itself recorded (one api.ledger_read entry per call,
// written after the read and before anything is sent: if it cannot be written, nothing is served). Checkpoint
// reads are not recorded: a checkpoint is a signed root with no personal data, published to be copied.
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { parseStringList } from "@/lib/ledger/row";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import type { PrivacyTier } from "@/lib/core/tiers";
import type { ApiCaller } from "./authenticate";

const ENTRY_SELECT = {
  seq: true,
  occurredAt: true,
  actorId: true,
  actorRole: true,
  action: true,
  privacyTier: true,
  disclosedTier: true,
  resource: true,
  recordId: true,
  purpose: true,
  decision: true,
  columnsShown: true,
  columnsMasked: true,
  columnsDenied: true,
  policyVersion: true,
  requestId: true,
  ipHash: true,
  uaHash: true,
  rowCount: true,
  payload: true,
  payloadHash: true,
  prevHash: true,
  entryHash: true,
} as const;

type EntryRow = Awaited<ReturnType<typeof readEntries>>[number];

async function readEntries(after: number, limit: number, upTo?: number) {
  return getDb().ledgerEntry.findMany({
    where: { seq: upTo === undefined ? { gt: after } : { gt: after, lte: upTo } },
    orderBy: { seq: "asc" },
    take: limit,
    select: ENTRY_SELECT,
  });
}

/** A stored row in the API's snake_case, exactly the fields entry_hash covers plus the payload it hashes. */
export function apiLedgerRow(r: EntryRow) {
  return {
    seq: r.seq,
    occurred_at: r.occurredAt,
    actor_id: r.actorId,
    actor_role: r.actorRole,
    action: r.action,
    privacy_tier: r.privacyTier as PrivacyTier,
    disclosed_tier: (r.disclosedTier as PrivacyTier | null) ?? null,
    resource: r.resource,
    record_id: r.recordId,
    purpose: r.purpose,
    decision: r.decision as "allow" | "mask" | "deny",
    columns_shown: parseStringList(r.columnsShown),
    columns_masked: parseStringList(r.columnsMasked),
    columns_denied: parseStringList(r.columnsDenied),
    policy_version: r.policyVersion,
    request_id: r.requestId,
    ip_hash: r.ipHash,
    ua_hash: r.uaHash,
    row_count: r.rowCount,
    payload: r.payload,
    payload_hash: r.payloadHash,
    prev_hash: r.prevHash,
    entry_hash: r.entryHash,
  };
}

async function recordRead(caller: ApiCaller, endpoint: string, detail: Record<string, unknown>): Promise<void> {
  await appendLedgerEntry(
    governanceEntry(caller.owner, caller.meta, {
      action: "api.ledger_read",
      privacyTier: "none",
      resource: "ledger",
      payload: { token_id: caller.tokenId, endpoint, ...detail },
    }),
  );
}

export async function listLedgerEntriesForApi(caller: ApiCaller, q: { after: number; limit: number }) {
  const rows = await readEntries(q.after, q.limit);
  const last = rows.length > 0 ? rows[rows.length - 1].seq : null;
  await recordRead(caller, "ledger/entries", { after: q.after, limit: q.limit, count: rows.length, last_seq: last });
  return { entries: rows.map(apiLedgerRow), next_after: rows.length === q.limit ? last : null };
}

export async function listCheckpointsForApi(q: { after: number; limit: number }) {
  const rows = await getDb().ledgerCheckpoint.findMany({ where: { treeSize: { gt: q.after } }, orderBy: { treeSize: "asc" }, take: q.limit });
  return {
    checkpoints: rows.map((c) => ({
      tree_size: c.treeSize,
      root_hash: c.rootHash,
      origin: c.origin,
      key_id: c.keyId,
      note: c.note,
      created_at: c.createdAt,
    })),
    next_after: rows.length === q.limit ? rows[rows.length - 1].treeSize : null,
  };
}

/** A UUID (version 8, RFC 9562) derived from seq and entry_hash: the same entry always exports with the same id. */
export function exportedEventId(seq: number, entryHash: string): string {
  const b = createHash("sha256").update(`warden-ledger-event:${seq}:${entryHash}`).digest();
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** One entry as a §5.1 envelope event. event_name is the entry's action as recorded (`people.record_viewed`, …). */
export function entryAsEvent(r: EntryRow) {
  let data: unknown = null;
  try {
    data = r.payload === null ? null : JSON.parse(r.payload);
  } catch {
    data = null; // an unreadable stored payload: its hash is still exported, verify reports the row
  }
  return {
    event_id: exportedEventId(r.seq, r.entryHash),
    event_name: r.action,
    event_version: "1.0.0" as const,
    occurred_at: r.occurredAt,
    // When Warden's ledger received it: the entry's own time.
    received_at: r.occurredAt,
    actor_user_id: r.actorId,
    actor_role: r.actorRole,
    request_id: r.requestId,
    ip_hash: r.ipHash,
    user_agent_hash: r.uaHash,
    privacy_tier: r.privacyTier as PrivacyTier,
    payload: {
      seq: r.seq,
      resource: r.resource,
      record_id: r.recordId,
      purpose: r.purpose,
      decision: r.decision,
      disclosed_tier: r.disclosedTier,
      columns_shown: parseStringList(r.columnsShown),
      columns_masked: parseStringList(r.columnsMasked),
      columns_denied: parseStringList(r.columnsDenied),
      policy_version: r.policyVersion,
      row_count: r.rowCount,
      payload_hash: r.payloadHash,
      prev_hash: r.prevHash,
      entry_hash: r.entryHash,
      data,
    },
  };
}

const EXPORT_PAGE = 1_000;

/**
 * The NDJSON export: entries after `after` up to the head as it is when the call starts (so the stream ends, and this
 * call's own read entry is not in it), at most `limit`. The read is recorded before the first byte is sent.
 */
export async function exportLedgerEvents(caller: ApiCaller, q: { after: number; limit: number }): Promise<ReadableStream<Uint8Array>> {
  const head = await getDb().ledgerEntry.findFirst({ where: { seq: { gte: 1 } }, orderBy: { seq: "desc" }, select: { seq: true } });
  const upTo = Math.min(head?.seq ?? 0, q.after + q.limit);
  await recordRead(caller, "ledger/events.ndjson", { after: q.after, up_to: upTo });
  const encoder = new TextEncoder();
  let cursor = q.after;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (cursor >= upTo) {
        controller.close();
        return;
      }
      try {
        const rows = await readEntries(cursor, EXPORT_PAGE, upTo);
        if (rows.length === 0) {
          controller.close();
          return;
        }
        cursor = rows[rows.length - 1].seq;
        controller.enqueue(encoder.encode(rows.map((r) => JSON.stringify(entryAsEvent(r))).join("\n") + "\n"));
      } catch (err) {
        console.error("[warden] ledger export stopped", err);
        controller.error(err);
      }
    },
  });
}
