// The masking catalogue: pure functions with one meaning everywhere (the person view, exports, the decisions API and
// the leak tracer). A mask never reveals more than its rule says; `withhold` reveals nothing at all, not even that the
// column exists in a row. Golden vectors: golden-vectors.json (mask.test.ts).
import { createHmac } from "node:crypto";
import { z } from "zod";

/**
 * `none` is the rule of unrestricted columns (tier `none`). Every other rule is a mask except `withhold`, which drops the
 * value (and, in an export, the column). See docs/decisions/023-masking-catalogue.md for each rule's definition.
 */
export const MASK_RULES = ["none", "redact", "null", "show_last_4", "email", "token", "year", "zip3", "round", "city_only", "withhold"] as const;
export type MaskRule = (typeof MASK_RULES)[number];
export const ZMaskRule = z.enum(MASK_RULES);

/** Short descriptions for pickers and previews. */
export const MASK_RULE_LABELS: Record<MaskRule, string> = {
  none: "Clear (unrestricted)",
  redact: "Redact (fixed marker)",
  null: "Null (empty)",
  show_last_4: "Last 4 characters",
  email: "Email: first letter and domain",
  token: "Keyed token (HMAC-SHA256)",
  year: "Year only",
  zip3: "First 3 digits of the ZIP",
  round: "Rounded to a bucket",
  city_only: "City only",
  withhold: "Withhold (not shown at all)",
};

export const DOT = "\u2022";
/** Redaction has a fixed width so a masked value does not leak the length of the real one. */
export const REDACTED = DOT.repeat(6);
/** `round`'s bucket: amounts are integers in minor units (cents), so 10,000 = 100 currency units. */
export const ROUND_BUCKET = 10_000;
/** Characters of a token after its `tok_` prefix (base32, 5 bits each: 100 bits). */
export const TOKEN_CHARS = 20;

/** Computes a `token` mask for one value. The gateway uses the deployment's key; an export uses its own (fingerprint). */
export type Tokenizer = (value: string) => string;

export interface MaskContext {
  tokenize: Tokenizer;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** Lowercase RFC 4648 base32 of the first `chars` * 5 bits of `bytes`. */
export function base32(bytes: Uint8Array, chars: number): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  // The last group is zero-padded on the right, as RFC 4648 does.
  if (out.length < chars && bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** `tok_` + 100 bits of HMAC-SHA256(key, value): stable for one key, unlinkable and not enumerable without it. */
export function hmacTokenizer(key: Uint8Array): Tokenizer {
  return (value) => `tok_${base32(createHmac("sha256", key).update(value, "utf8").digest(), TOKEN_CHARS)}`;
}

const SIGNIFICANT = /[\p{L}\p{N}]/u;

/** Keeps the last four letters or digits, replaces the others with dots, keeps separators. */
export function maskLast4(value: string): string {
  const chars = [...value];
  const alnum = chars.filter((c) => SIGNIFICANT.test(c)).length;
  // With four or fewer significant characters "last 4" would be the whole value: redact instead.
  if (alnum <= 4) return REDACTED;
  let keep = 4;
  const out: string[] = [];
  for (const c of chars.reverse()) {
    if (SIGNIFICANT.test(c)) {
      out.push(keep > 0 ? c : DOT);
      keep--;
    } else out.push(c);
  }
  return out.reverse().join("");
}

/** `jane.doe@example.com` → `j•••@example.com`: the first character of the local part and the domain, a fixed-width middle. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).trim();
  if (at <= 0 || domain.length === 0 || /\s/.test(domain) || !domain.includes(".")) return REDACTED;
  const first = [...local.trim()][0];
  if (!first || !SIGNIFICANT.test(first)) return `${DOT.repeat(3)}@${domain.toLowerCase()}`;
  return `${first}${DOT.repeat(3)}@${domain.toLowerCase()}`;
}

/** A date or timestamp (`YYYY-MM-DD…`, or a JS Date) → its four-digit year; anything else is redacted. */
export function maskYear(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? REDACTED : String(value.getUTCFullYear()).padStart(4, "0");
  const m = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$/.exec(String(value));
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 31))) return REDACTED;
  return m[1];
}

/**
 * A US ZIP (`94107`, `94107-1234`) → its first three digits and two dots (`941••`). The HIPAA Safe Harbor rule also
 * suppresses sparsely populated 3-digit areas; Warden's catalogue leaves that to the catalog (choose `redact`).
 */
export function maskZip3(value: string): string {
  const m = /^\s*(\d{3})\d{2}(?:-\d{4})?\s*$/.exec(value);
  return m ? `${m[1]}${DOT.repeat(2)}` : REDACTED;
}

/** An integer amount in minor units → the nearest multiple of ROUND_BUCKET (halves away from zero), as digits. */
export function maskRound(value: unknown): string {
  const n = typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : Number(String(value).trim());
  if (typeof value === "string" && value.trim() === "") return REDACTED;
  if (!Number.isFinite(n)) return REDACTED;
  const rounded = Math.sign(n) * Math.round(Math.abs(n) / ROUND_BUCKET) * ROUND_BUCKET;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * An address `street, [unit,] city, ST 12345` → `city, ST`; `city, ST` stays. A value without a city part (a bare
 * street line) is redacted: it never shows the street.
 */
export function maskCityOnly(value: string): string {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length < 2) return REDACTED;
  const last = parts[parts.length - 1];
  const state = /^([A-Za-z]{2})(?:\s+\d{5}(?:-\d{4})?)?$/.exec(last);
  if (!state) return REDACTED;
  const city = parts[parts.length - 2];
  // "123 Main St, CA 94107" has no city: the part before the state starts with a house number.
  if (/^\d/.test(city)) return REDACTED;
  return `${city}, ${state[1].toUpperCase()}`;
}

/**
 * The masked value of `value` under `rule`, or null when the rule leaves nothing (`null`, `withhold`) or the value is
 * absent. An absent value stays absent under every mask except `redact`, whose marker hides even that.
 */
export function applyMask(rule: MaskRule, value: unknown, ctx: MaskContext): string | null {
  if (rule === "withhold" || rule === "null") return null;
  if (rule === "redact") return REDACTED;
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  switch (rule) {
    case "none":
      return text;
    case "show_last_4":
      return maskLast4(text);
    case "email":
      return maskEmail(text);
    case "token":
      return ctx.tokenize(text);
    case "year":
      return maskYear(value);
    case "zip3":
      return maskZip3(text);
    case "round":
      return maskRound(value);
    case "city_only":
      return maskCityOnly(text);
  }
}

/** True when a rule shows something of the value (a mask), false for `none` (clear) and `withhold` (nothing). */
export function isMask(rule: MaskRule): boolean {
  return rule !== "none" && rule !== "withhold";
}
