// The ledger entry: its shape, its canonical hashed form, and the chain rule (law 2).
// entry_hash = SHA-256( canonical JSON of every field except entry_hash, prev_hash included ).
import { hash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "@/lib/core/canonical-json";
import { sha256Hex } from "@/lib/core/hash";
import { now } from "@/lib/core/clock";
import { ZPrivacyTier } from "@/lib/core/schemas";
import type { PrivacyTier } from "@/lib/core/tiers";
import { canonicalEntryText, canonicalPayloadText } from "./canonical-row";

/** prev_hash of the first entry: 64 zeros, so every entry has a predecessor hash of the same shape. */
export const GENESIS_HASH = "0".repeat(64);

export const DECISIONS = ["allow", "mask", "deny"] as const;
export type Decision = (typeof DECISIONS)[number];

/** `namespace.action`, snake_case, as in the platform's event envelope. */
export const ZAction = z
  .string()
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, "must be namespace.action in snake_case")
  .max(80);

/** What a caller hands to appendLedgerEntry; seq, time and hashes are the ledger's to assign. */
export const ZLedgerDraft = z.object({
  actorId: z.string().max(64).nullable(),
  actorRole: z.string().min(1).max(40),
  action: ZAction,
  privacyTier: ZPrivacyTier,
  resource: z.string().min(1).max(200),
  recordId: z.string().max(200).nullable().default(null),
  purpose: z.string().max(500).default(""),
  decision: z.enum(DECISIONS),
  columnsShown: z.array(z.string().max(100)).default([]),
  columnsMasked: z.array(z.string().max(100)).default([]),
  columnsDenied: z.array(z.string().max(100)).default([]),
  policyVersion: z.string().max(40).default("1"),
  requestId: z.string().min(1).max(100),
  ipHash: z.string().max(128).nullable().default(null),
  uaHash: z.string().max(128).nullable().default(null),
  rowCount: z.number().int().nonnegative().default(0),
  /** The highest tier this access showed in clear (privacyTier is the highest it asked for); null: none shown. */
  disclosedTier: ZPrivacyTier.nullable().default(null),
  /** Ids and hashes only, never raw PII (envelope rule). Stored as canonical JSON; its hash is chained. */
  payload: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type LedgerDraft = z.input<typeof ZLedgerDraft>;

export interface LedgerEntry {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  privacyTier: PrivacyTier;
  resource: string;
  recordId: string | null;
  purpose: string;
  decision: Decision;
  columnsShown: string[];
  columnsMasked: string[];
  columnsDenied: string[];
  policyVersion: string;
  requestId: string;
  ipHash: string | null;
  uaHash: string | null;
  rowCount: number;
  disclosedTier: PrivacyTier | null;
  payload: string | null;
  payloadHash: string | null;
  prevHash: string;
  entryHash: string;
}

/** The bytes that are hashed: snake_case keys as in the published envelope, sorted, no whitespace.
 * The payload enters through payload_hash, so a payload may later be pruned without breaking the chain.
 * disclosed_tier came later: it is hashed only when set, so every entry written before it keeps its hash. */
export function canonicalEntry(e: Omit<LedgerEntry, "entryHash" | "payload">): string {
  return canonicalJson({
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
    columns_shown: e.columnsShown,
    columns_masked: e.columnsMasked,
    columns_denied: e.columnsDenied,
    policy_version: e.policyVersion,
    request_id: e.requestId,
    ip_hash: e.ipHash,
    ua_hash: e.uaHash,
    row_count: e.rowCount,
    ...(e.disclosedTier === null ? {} : { disclosed_tier: e.disclosedTier }),
    payload_hash: e.payloadHash,
    prev_hash: e.prevHash,
  });
}

export function hashEntry(e: Omit<LedgerEntry, "entryHash" | "payload">): string {
  return sha256Hex(canonicalEntry(e));
}

export type ParsedDraft = z.output<typeof ZLedgerDraft>;

/**
 * Builds the next entry on top of the chain head: the one place seq, time and hashes are assigned. The bytes hashed
 * are canonicalEntry's, written by the hand-written serialiser (canonical-row.ts; the draft is parsed, so the shape is
 * fixed) and hashed one-shot (crypto.hash): both showed at the top of the append path's profile.
 */
export function sealEntry(draft: ParsedDraft, head: { seq: number; entryHash: string } | null): LedgerEntry {
  const payload = draft.payload ? canonicalPayloadText(draft.payload) : null;
  const entry: LedgerEntry = {
    seq: (head?.seq ?? 0) + 1,
    occurredAt: now().toISOString(),
    actorId: draft.actorId,
    actorRole: draft.actorRole,
    action: draft.action,
    privacyTier: draft.privacyTier,
    resource: draft.resource,
    recordId: draft.recordId,
    purpose: draft.purpose,
    decision: draft.decision,
    columnsShown: draft.columnsShown,
    columnsMasked: draft.columnsMasked,
    columnsDenied: draft.columnsDenied,
    policyVersion: draft.policyVersion,
    requestId: draft.requestId,
    ipHash: draft.ipHash,
    uaHash: draft.uaHash,
    rowCount: draft.rowCount,
    disclosedTier: draft.disclosedTier,
    payload,
    payloadHash: payload === null ? null : hash("sha256", payload, "hex"),
    prevHash: head?.entryHash ?? GENESIS_HASH,
    entryHash: "",
  };
  entry.entryHash = hash("sha256", canonicalEntryText(entry), "hex");
  return entry;
}
