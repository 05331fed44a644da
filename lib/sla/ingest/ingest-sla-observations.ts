// POST /api/v1/sla/observations (decision 035): a batch of up to 5,000 observations, each validated on its own with
// its index, id, field and reason, and stored ALL OR NOTHING: one rejected item and nothing of the batch is written
// (an SLA's attainment computed from part of a batch would be wrong until the client noticed and resent the rest).
// A retried item (same sla and id, same content) is answered "duplicate"; the same id with other content is rejected.
import { now } from "@/lib/core/clock";
import { currentSlaDefinitions } from "@/lib/sla/definitions/read-definitions";
import { GOVERNANCE_KINDS, INGEST_KINDS, type IngestKind, type SlaDefinitionView } from "@/lib/sla/types";
import { insertObservationsReporting, ObservationConflict, pairKey, type InsertOutcome, type NewObservation } from "./insert-observations";
import { ITEM_SCHEMAS, toObservation } from "./items";

export const MAX_OBSERVATIONS = 5_000;

export interface SlaIngestCaller {
  tokenId: string;
  tokenName: string;
}

export type ObservationResult =
  | { index: number; id: string; status: "accepted" | "duplicate" | "valid" }
  | { index: number; id: string | null; status: "rejected"; field: string; reason: string };

export interface SlaIngestOutcome {
  /** False when any item was rejected: then nothing of the batch was written. */
  stored: boolean;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: ObservationResult[];
}

/** The kinds that the definitions of each kind accept besides their own: access reports feed "PII access logged". */
const ALSO_ACCEPTS: Partial<Record<string, IngestKind>> = { pii_logged: "access_report" };

export async function ingestSlaObservations(caller: SlaIngestCaller, items: readonly unknown[]): Promise<SlaIngestOutcome> {
  const defs = new Map((await currentSlaDefinitions()).map((d) => [d.key, d]));
  return ingestOnce(caller, items, defs);
}

async function ingestOnce(
  caller: SlaIngestCaller,
  items: readonly unknown[],
  defs: ReadonlyMap<string, SlaDefinitionView>,
): Promise<SlaIngestOutcome> {
  const at = now().getTime();
  const results: ObservationResult[] = new Array(items.length);
  const valid: Array<{ index: number; obs: NewObservation }> = [];
  const firstIndex = new Map<string, number>();

  for (let i = 0; i < items.length; i++) {
    const check = checkItem(items[i], defs, at, caller.tokenName);
    if (!check.ok) {
      results[i] = { index: i, id: idOf(items[i]), status: "rejected", field: check.field, reason: check.reason };
      continue;
    }
    const k = pairKey(check.obs.slaKey, check.obs.itemId);
    const first = firstIndex.get(k);
    if (first !== undefined) {
      results[i] = {
        index: i,
        id: check.obs.itemId,
        status: "rejected",
        field: "id",
        reason: `is used twice for ${check.obs.slaKey} in this batch (first at index ${first})`,
      };
      continue;
    }
    firstIndex.set(k, i);
    valid.push({ index: i, obs: check.obs });
    results[i] = { index: i, id: check.obs.itemId, status: "valid" };
  }

  const rejected = items.length - valid.length;
  if (rejected > 0) return { stored: false, accepted: 0, duplicates: 0, rejected, results };

  // No look-up first: the insert itself tells retries (same content) from conflicting reuse (other content, and then
  // nothing is written), atomically, also against a call racing this one.
  let written: InsertOutcome | null = null;
  try {
    if (valid.length > 0)
      written = await insertObservationsReporting(
        valid.map((v) => v.obs),
        { source: `api:${caller.tokenId}` },
      );
  } catch (err) {
    if (!(err instanceof ObservationConflict)) throw err;
    const conflicting = new Set(err.items.map((c) => pairKey(c.slaKey, c.itemId)));
    for (const v of valid) {
      if (!conflicting.has(pairKey(v.obs.slaKey, v.obs.itemId))) continue;
      results[v.index] = {
        index: v.index,
        id: v.obs.itemId,
        status: "rejected",
        field: "id",
        reason: `is already stored for ${v.obs.slaKey} with different content: an id is an idempotency key; give a new observation a new id`,
      };
    }
    return { stored: false, accepted: 0, duplicates: 0, rejected: conflicting.size, results };
  }
  for (const v of valid) {
    const retry = written?.skipped.has(pairKey(v.obs.slaKey, v.obs.itemId));
    results[v.index] = { index: v.index, id: v.obs.itemId, status: retry ? "duplicate" : "accepted" };
  }
  return { stored: true, accepted: written?.inserted ?? 0, duplicates: written?.duplicates ?? 0, rejected: 0, results };
}

type Check = { ok: true; obs: NewObservation } | { ok: false; field: string; reason: string };

function checkItem(raw: unknown, defs: ReadonlyMap<string, SlaDefinitionView>, at: number, tokenName: string): Check {
  const fail = (field: string, reason: string): Check => ({ ok: false, field, reason });
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return fail("(item)", "must be an observation object");
  const item = raw as Record<string, unknown>;
  if (typeof item.sla !== "string" || item.sla === "") return fail("sla", "give the SLA's key, e.g. platform.pipeline_success");
  const def = defs.get(item.sla);
  if (!def) return fail("sla", `is not an SLA Warden knows (${item.sla.slice(0, 100)}); the keys are listed on the SLA dashboard`);
  const kind = item.kind;
  if (typeof kind !== "string" || kind === "") return fail("kind", `give the observation's kind: ${def.sliKind} for ${def.key}`);
  if ((GOVERNANCE_KINDS as readonly string[]).includes(kind)) {
    return fail("kind", `${kind} is computed by Warden itself from its own records; it cannot be reported`);
  }
  if (!(INGEST_KINDS as readonly string[]).includes(kind)) return fail("kind", `must be one of ${INGEST_KINDS.join(", ")}`);
  if (kind !== def.sliKind && ALSO_ACCEPTS[def.sliKind] !== kind) {
    const accepted = ALSO_ACCEPTS[def.sliKind];
    if (def.source === "warden" && !accepted) return fail("sla", `${def.key} is computed by Warden itself; it takes no observations`);
    return fail("kind", `must be ${accepted ?? def.sliKind} for ${def.key} (got ${kind})`);
  }
  const parsed = ITEM_SCHEMAS[kind as IngestKind].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys")
      return fail([...issue.path.map(String), issue.keys[0]].join("."), "is not a field of this kind of observation");
    return fail(issue.path.map(String).join(".") || "(item)", issue.message);
  }
  return toObservation(parsed.data as Parameters<typeof toObservation>[0], { at, timeZone: def.timeZone, tokenName });
}

function idOf(raw: unknown): string | null {
  const id = raw && typeof raw === "object" ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.length <= 128 ? id : null;
}
