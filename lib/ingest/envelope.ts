// The platform's event envelope (seed §5.1) as Warden receives it on POST /api/v1/access-events. The zod schemas
// here are the ones the route validates with AND the ones the OpenAPI document is generated from (lib/api/openapi.ts).
// Rules the schema cannot say (a future occurred_at, personal data in the payload, the payload's size) are checked by
// validateEvent, per event, so one bad event in a batch never sinks the others.
import { z } from "zod";
import { describePii, detectPii } from "@/lib/core/pii-detect";
import { ZPrivacyTier } from "@/lib/core/schemas";

export const MAX_BATCH = 1_000;
/** Canonical bytes of one payload; ids and hashes only, so a few KiB is plenty. */
export const MAX_PAYLOAD_BYTES = 8_192;
const MAX_PAYLOAD_DEPTH = 5;
/** How far ahead of our clock an occurred_at may be (the sender's clock drifts; an event from the future is not). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Namespaces Warden writes itself: an external system reporting `governance.scope_granted` would forge evidence. */
export const RESERVED_NAMESPACES = [
  "governance",
  "auth",
  "console",
  "people",
  "api",
  "ledger",
  "scopes",
  "exports",
  "holds",
  "retention",
  "purge",
  "sla",
  "warden",
];

// Ids and hashes: no spaces, no @ (an email is not an id), no free text.
const id = (max: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,${max - 1}}$`), { error: `must be an id (letters, digits, _ . : -; at most ${max})` });
const hash = z
  .string()
  .regex(/^[A-Za-z0-9+/=_-]{16,128}$/, { error: "must be a hash (16–128 hex or base64 characters), never a raw address or user agent" });
const optional = <T extends z.ZodType>(t: T) => t.nullable().optional();

export const ZAccessEvent = z
  .strictObject({
    event_id: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: "must be a UUID" }),
    event_name: z
      .string()
      .max(80, { error: "must be at most 80 characters" })
      .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, { error: "must be namespace.action in snake_case, e.g. warehouse.query_executed" }),
    event_version: z
      .string()
      .max(40)
      .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, {
        error: "must be a semantic version, e.g. 1.0.0",
      }),
    occurred_at: z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with its zone, e.g. 2026-11-29T10:30:00Z" }),
    received_at: optional(z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with its zone" })),
    actor_user_id: id(64),
    actor_role: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: "must be a role name in snake_case (at most 40)" }),
    request_id: id(100),
    ip_hash: optional(hash),
    user_agent_hash: optional(hash),
    privacy_tier: ZPrivacyTier,
    payload: z.record(z.string(), z.unknown(), { error: "must be a JSON object (ids and hashes only)" }),
    lbg_id: optional(id(100)),
    booking_leg_id: optional(id(100)),
    leg_role: optional(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: "must be a role name in snake_case" })),
    city_id: optional(id(100)),
    state: optional(z.string().regex(/^[A-Z0-9]{1,3}(?:-[A-Z0-9]{1,3})?$/, { error: "must be a region code, e.g. CA or US-CA" })),
    country: optional(z.string().regex(/^[A-Z]{2}$/, { error: "must be an ISO 3166-1 alpha-2 code, e.g. US" })),
    platform: optional(z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, { error: "must be a platform name, e.g. ios, android, web" })),
    app_version: optional(z.string().regex(/^[0-9A-Za-z.+_-]{1,40}$/, { error: "must be a version string" })),
    session_id: optional(id(100)),
  })
  .meta({ id: "AccessEvent", description: "One restricted access, in the platform's event envelope (seed §5.1). Payload: ids and hashes only." });
export type TAccessEvent = z.output<typeof ZAccessEvent>;

export const ZAccessEventBatch = z
  .strictObject({ events: z.array(ZAccessEvent).min(1).max(MAX_BATCH) })
  .meta({ id: "AccessEventBatch", description: `Up to ${MAX_BATCH} events; each is validated and stored (or refused) on its own.` });

/** The request body: one event, or a batch. */
export const ZAccessEventsRequest = z.union([ZAccessEventBatch, ZAccessEvent]);

/** The optional envelope fields that go, where present, into the ledger entry's payload. */
export const OPTIONAL_FIELDS = [
  "lbg_id",
  "booking_leg_id",
  "leg_role",
  "city_id",
  "state",
  "country",
  "platform",
  "app_version",
  "session_id",
] as const;

export type EventCheck = { ok: true; event: TAccessEvent; occurredMs: number } | { ok: false; field: string; reason: string };

// The same schema compiled ahead of time by zod (a generated fast path that falls back to zod's own parser when it
// refuses an event, so the issues and their messages are zod's): a batch of 1,000 parsed in about half the time.
const ZAccessEventCompiled = z.compile(ZAccessEvent);

/** Validates one event by the envelope's rules; `atMs` is now on Warden's clock. */
export function validateEvent(raw: unknown, atMs: number, piiSeen: PiiMemo = new Map()): EventCheck {
  const parsed = ZAccessEventCompiled.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join(".");
    const reason = issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}: the envelope has no such field` : issue.message;
    return { ok: false, field: issue.code === "unrecognized_keys" ? issue.keys[0] : field || "(event)", reason };
  }
  const event = parsed.data;
  if (isReservedNamespace(event.event_name)) {
    return { ok: false, field: "event_name", reason: `uses the namespace ${event.event_name.split(".")[0]}, which only Warden itself writes` };
  }
  const occurredMs = Date.parse(event.occurred_at);
  if (occurredMs > atMs + CLOCK_SKEW_MS) {
    return { ok: false, field: "occurred_at", reason: `is in the future (more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of Warden's clock)` };
  }
  const bad = payloadProblem(event.payload, piiSeen);
  if (bad) return { ok: false, field: bad.field, reason: bad.reason };
  return { ok: true, event, occurredMs };
}

/** Personal data, depth or size in a payload: the first problem, naming its path. */
/** What the PII detector said about a string, kept for one batch: its events repeat keys, dataset refs and purposes. */
export type PiiMemo = Map<string, string | null>;

function piiIn(text: string, memo: PiiMemo): string | null {
  let found = memo.get(text);
  if (found === undefined) {
    const matches = detectPii(text);
    found = matches.length === 0 ? null : describePii(matches, "the payload");
    if (memo.size < 10_000) memo.set(text, found);
  }
  return found;
}

function payloadProblem(payload: Record<string, unknown>, memo: PiiMemo): { field: string; reason: string } | null {
  const state: WalkState = { bytes: 0, memo };
  const problem = walkPayload(payload, 0, state);
  if (problem) return { field: ["payload", ...problem.path.reverse()].join("."), reason: problem.reason };
  return state.bytes > MAX_PAYLOAD_BYTES ? { field: "payload", reason: `is too large (at most ${MAX_PAYLOAD_BYTES} bytes)` } : null;
}

interface WalkState {
  bytes: number;
  memo: PiiMemo;
}

/** A problem's path is collected on the way back up, innermost first: a clean payload builds no path strings. */
type WalkProblem = { path: string[]; reason: string };

function walkPayload(v: unknown, depth: number, state: WalkState): WalkProblem | null {
  if (typeof v === "string") {
    state.bytes += v.length + 3;
    const pii = piiIn(v, state.memo);
    return pii ? { path: [], reason: `${pii} (ids and hashes only)` } : null;
  }
  if (v === null || typeof v === "number" || typeof v === "boolean") {
    state.bytes += 8;
    return null;
  }
  if (depth >= MAX_PAYLOAD_DEPTH) return { path: [], reason: `is nested too deeply (at most ${MAX_PAYLOAD_DEPTH} levels)` };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = walkPayload(v[i], depth + 1, state);
      if (p) return (p.path.push(String(i)), p);
    }
    return null;
  }
  if (typeof v === "object") {
    const obj = v as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.hasOwn(obj, k)) continue;
      const keyPii = piiIn(k, state.memo);
      if (keyPii) return { path: [k.slice(0, 40)], reason: `has a key that ${keyPii}` };
      state.bytes += k.length + 4;
      const p = walkPayload(obj[k], depth + 1, state);
      if (p) return (p.path.push(k), p);
    }
    return null;
  }
  return { path: [], reason: "must hold JSON values only" };
}

export function isReservedNamespace(eventName: string): boolean {
  return RESERVED_NAMESPACES.includes(eventName.slice(0, eventName.indexOf(".")));
}
