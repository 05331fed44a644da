// The request and response shapes of /api/v1 that are not the event envelope (lib/ingest/envelope.ts). Routes
// validate with these, and the OpenAPI document is generated from them (lib/api/openapi.ts): one source for both.
import { z } from "zod";
import { ZPurpose } from "@/lib/access/gateway";
import { ZPrivacyTier } from "@/lib/core/schemas";

export const ZApiError = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: "Stable machine code: unauthenticated, forbidden, rate_limited, validation_failed, too_large, unavailable, …" }),
      message: z.string().meta({ description: "What went wrong and what to do, for a person" }),
      field: z.string().optional().meta({ description: "The input field at fault, when there is one" }),
    }),
  })
  .meta({ id: "Error" });

export const ZEventResult = z
  .object({
    index: z.number().int().meta({ description: "Position in the request's events (0 for a single event)" }),
    event_id: z.string().nullable(),
    status: z.enum(["accepted", "duplicate", "rejected"]),
    seq: z.number().int().optional().meta({ description: "The ledger entry's seq (the original one for a duplicate)" }),
    field: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "EventResult" });

export const ZIngestResponse = z
  .object({ accepted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), results: z.array(ZEventResult) })
  .meta({ id: "IngestResponse" });

export const ZDatasetRefParam = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,80}@[1-9]\d{0,5}$/, { error: "must be key@version, e.g. marketplace.people@1" });

export const ZDecisionRequest = z
  .strictObject({
    subject_user_id: z
      .string()
      .regex(/^usr_[0-9a-z]{4,40}$/, { error: "must be a console user id (usr_…)" })
      .optional()
      .meta({ description: "The console user asking to read, by id. Give this or subject_email, not both." }),
    subject_email: z
      .email({ error: "must be an email address" })
      .max(254)
      .optional()
      .meta({ description: "The console user asking to read, by sign-in email (used to find them, never stored)." }),
    dataset: ZDatasetRefParam,
    columns: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, { error: "must be a column name" }))
      .min(1)
      .max(200)
      .optional()
      .meta({
        description: "Columns to decide; every column of the dataset when left out.",
      }),
    purpose: ZPurpose,
  })
  .meta({ id: "DecisionRequest", description: "May this console user read these columns of this dataset for this purpose?" });
export type TDecisionRequest = z.output<typeof ZDecisionRequest>;

export const ZDecisionResponse = z
  .object({
    decision: z.enum(["allow", "mask", "deny"]).meta({ description: "allow: every column in clear; deny: none readable; else mask" }),
    dataset: z.string(),
    subject: z.object({ user_id: z.string(), role: z.string(), active: z.boolean() }),
    policy_version: z.string(),
    columns: z.array(
      z.object({
        name: z.string(),
        tier: ZPrivacyTier,
        decision: z.enum(["allow", "mask", "deny"]),
        mask_rule: z.string().nullable().meta({ description: "The masking rule to apply when decision is mask" }),
        mask_label: z
          .string()
          .nullable()
          .meta({ description: "The masking rule's short description (as the Catalog page shows it) when decision is mask; see docs/decisions/023" }),
        reason: z.string(),
      }),
    ),
    ledger_seq: z.number().int().meta({ description: "The ledger entry that records this decision" }),
  })
  .meta({ id: "DecisionResponse" });

export const ZEntriesQuery = z.object({
  after: z.coerce.number().int().min(0).max(2_147_483_647).default(0).meta({ description: "Return entries with seq greater than this (the cursor)" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: "At most this many entries (1–1000)" }),
});

export const ZLedgerRow = z
  .object({
    seq: z.number().int(),
    occurred_at: z.string(),
    actor_id: z.string().nullable(),
    actor_role: z.string(),
    action: z.string(),
    privacy_tier: ZPrivacyTier,
    disclosed_tier: ZPrivacyTier.nullable(),
    resource: z.string(),
    record_id: z.string().nullable(),
    purpose: z.string(),
    decision: z.enum(["allow", "mask", "deny"]),
    columns_shown: z.array(z.string()),
    columns_masked: z.array(z.string()),
    columns_denied: z.array(z.string()),
    policy_version: z.string(),
    request_id: z.string(),
    ip_hash: z.string().nullable(),
    ua_hash: z.string().nullable(),
    row_count: z.number().int(),
    payload: z.string().nullable().meta({ description: "Canonical JSON exactly as hashed into payload_hash (ids and hashes only)" }),
    payload_hash: z.string().nullable(),
    prev_hash: z.string(),
    entry_hash: z.string(),
  })
  .meta({ id: "LedgerEntry", description: "A ledger entry as stored: enough to recompute entry_hash and check the chain" });

export const ZEntriesResponse = z
  .object({
    entries: z.array(ZLedgerRow),
    next_after: z.number().int().nullable().meta({ description: "Pass as after= for the next page; null when this page reached the head" }),
  })
  .meta({ id: "LedgerEntriesPage" });

export const ZCheckpointsQuery = z.object({
  after: z.coerce.number().int().min(0).max(2_147_483_647).default(0).meta({ description: "Checkpoints with tree_size greater than this" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const ZCheckpointsResponse = z
  .object({
    checkpoints: z.array(
      z.object({
        tree_size: z.number().int(),
        root_hash: z.string().meta({ description: "RFC 6962 Merkle root over entry_hash of seq 1..tree_size, hex" }),
        origin: z.string(),
        key_id: z.string(),
        note: z.string().meta({ description: "The C2SP signed note, verbatim" }),
        created_at: z.string(),
      }),
    ),
    next_after: z.number().int().nullable(),
  })
  .meta({ id: "LedgerCheckpointsPage" });

export const ZExportQuery = z.object({
  after: z.coerce.number().int().min(0).max(2_147_483_647).default(0).meta({ description: "Export entries with seq greater than this" }),
  limit: z.coerce.number().int().min(1).max(1_000_000).default(100_000).meta({ description: "At most this many events in one response" }),
});

export const ZExportedEvent = z
  .object({
    event_id: z.string().meta({ description: "Derived from seq and entry_hash (UUID v8): a re-export carries the same id" }),
    event_name: z.string(),
    event_version: z.literal("1.0.0"),
    occurred_at: z.string(),
    received_at: z.string(),
    actor_user_id: z.string().nullable(),
    actor_role: z.string(),
    request_id: z.string(),
    ip_hash: z.string().nullable(),
    user_agent_hash: z.string().nullable(),
    privacy_tier: ZPrivacyTier,
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "ExportedEvent", description: "One ledger entry as a §5.1 envelope event (one line of the NDJSON export)" });
