// The hashed bytes of a ledger entry of the fixed shape, written out by hand: canonicalEntry (entry.ts) builds an
// object and runs the general canonical JSON over it, which costs more than the hash itself on the append path.
// One serialiser for both forms the ledger holds an entry in: the entry object (sealing) and the stored row as an
// array in LEDGER_COLUMNS order (verify). Keys in sorted order (UTF-16 code units, RFC 8785), no whitespace; strings
// by JSON.stringify, which is what canonicalJson uses for them. lib/ledger/verify-serialiser.test.ts proves the bytes
// identical to canonicalEntry on thousands of generated entries.
import type { LedgerEntry } from "./entry";
import { LEDGER_COLUMNS, pushRowValues } from "./row";

// A string with nothing JSON escapes (quote, backslash, control characters, surrogates, paired ones included) is
// JSON.stringify's output with quotes around it; the test is several times cheaper than the call, which was the
// largest part of sealing an ingested event (decision 042). Anything else goes to JSON.stringify itself.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const q = (v: unknown): string => (typeof v === "string" && !NEEDS_ESCAPE.test(v) ? '"' + v + '"' : JSON.stringify(v));
const qn = (v: unknown) => (v === null ? "null" : q(v));

/**
 * The one writer. Column lists come as their JSON text (an array of strings serialises the same by JSON.stringify
 * and by canonicalJson); numbers must be finite and strings strings: callers guarantee the fixed shape.
 */
function canonicalText(
  seq: unknown,
  occurredAt: unknown,
  actorId: unknown,
  actorRole: unknown,
  action: unknown,
  privacyTier: unknown,
  resource: unknown,
  recordId: unknown,
  purpose: unknown,
  decision: unknown,
  shownJson: unknown,
  maskedJson: unknown,
  deniedJson: unknown,
  policyVersion: unknown,
  requestId: unknown,
  ipHash: unknown,
  uaHash: unknown,
  rowCount: unknown,
  disclosedTier: unknown,
  payloadHash: unknown,
  prevHash: unknown,
): string {
  return (
    `{"action":${q(action)},"actor_id":${qn(actorId)},"actor_role":${q(actorRole)}` +
    `,"columns_denied":${deniedJson},"columns_masked":${maskedJson},"columns_shown":${shownJson}` +
    `,"decision":${q(decision)}${disclosedTier === null ? "" : `,"disclosed_tier":${q(disclosedTier)}`}` +
    `,"ip_hash":${qn(ipHash)},"occurred_at":${q(occurredAt)},"payload_hash":${qn(payloadHash)}` +
    `,"policy_version":${q(policyVersion)},"prev_hash":${q(prevHash)},"privacy_tier":${q(privacyTier)}` +
    `,"purpose":${q(purpose)},"record_id":${qn(recordId)},"request_id":${q(requestId)}` +
    `,"resource":${q(resource)},"row_count":${rowCount},"seq":${seq},"ua_hash":${qn(uaHash)}}`
  );
}

/** canonicalEntry(e) for an entry of the fixed shape (finite numbers, strings, arrays of strings): its row values,
 * as the store inserts them, written out as verify writes a stored row. */
export function canonicalEntryText(e: LedgerEntry): string {
  const values: unknown[] = [];
  pushRowValues(values, e);
  return canonicalRowText(values);
}

const COL = Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c, i])) as Record<(typeof LEDGER_COLUMNS)[number], number>;

/**
 * canonicalEntry(fromRow(row)) for a row of the fixed shape (strings, nullable strings, finite numbers, column lists
 * already in canonical form), as an array in LEDGER_COLUMNS order, without building an entry.
 */
export function canonicalRowText(r: readonly unknown[]): string {
  return canonicalText(
    r[COL.seq],
    r[COL.occurred_at],
    r[COL.actor_id],
    r[COL.actor_role],
    r[COL.action],
    r[COL.privacy_tier],
    r[COL.resource],
    r[COL.record_id],
    r[COL.purpose],
    r[COL.decision],
    r[COL.columns_shown],
    r[COL.columns_masked],
    r[COL.columns_denied],
    r[COL.policy_version],
    r[COL.request_id],
    r[COL.ip_hash],
    r[COL.ua_hash],
    r[COL.row_count],
    r[COL.disclosed_tier],
    r[COL.payload_hash],
    r[COL.prev_hash],
  );
}

/**
 * canonicalJson (lib/core/canonical-json.ts) with loops instead of map/filter/join: the same bytes and the same
 * throws for every input (holes in arrays write nothing, as join does; undefined object members are skipped), at a
 * fraction of the cost on a payload of a few dozen members. The identity test runs both on generated payloads.
 */
export function canonicalPayloadText(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "string":
      return q(value);
    case "object": {
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          if (i in value) out += canonicalPayloadText(value[i]);
        }
        return out + "]";
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += (first ? "" : ",") + q(k) + ":" + canonicalPayloadText(v);
        first = false;
      }
      return out + "}";
    }
    default:
      throw new TypeError(`canonicalJson: unsupported type ${typeof value}`);
  }
}
