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
// A combining mark (the accent of a decomposed "é") belongs to the letter before it: shown with it or dropped with it,
// never left standing as if it were a separator.
const MARK = /\p{M}/u;

/** ASCII letter or digit (what SIGNIFICANT matches below U+0080). */
function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * maskLast4 of an all-ASCII value (phones, TINs, account numbers), without the per-character regexes and arrays: in
 * ASCII a letter or digit is exactly [0-9A-Za-z] and there are no combining marks. Null when the value is not ASCII.
 */
function maskLast4Ascii(value: string): string | null {
  let alnum = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7f) return null;
    if (isAsciiAlnum(c)) alnum++;
  }
  if (alnum <= 4) return REDACTED;
  let out = "";
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isAsciiAlnum(c)) out += ++seen > alnum - 4 ? value[i] : DOT;
    else out += value[i];
  }
  return out;
}

/**
 * Keeps the last four letters or digits, replaces the others with one dot each, keeps separators (anything that is not
 * a letter, digit or combining mark: `-`, spaces, `+`, parentheses). Four or fewer letters and digits: fully masked.
 */
export function maskLast4(value: string): string {
  const ascii = maskLast4Ascii(value);
  if (ascii !== null) return ascii;
  const chars = [...value];
  const alnum = chars.filter((c) => SIGNIFICANT.test(c)).length;
  // With four or fewer significant characters "last 4" would be the whole value: the fixed marker instead.
  if (alnum <= 4) return REDACTED;
  const out: string[] = [];
  let seen = 0;
  let shown = false;
  for (const c of chars) {
    if (SIGNIFICANT.test(c)) {
      seen++;
      shown = seen > alnum - 4;
      out.push(shown ? c : DOT);
    } else if (MARK.test(c)) {
      if (shown) out.push(c);
    } else {
      shown = false;
      out.push(c);
    }
  }
  return out.join("");
}

/** `jane.doe@example.com` → `j•••@example.com`: the first character of the local part and the domain, a fixed-width middle. */
const DOTS_3 = DOT.repeat(3);

export function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).trim();
  // A domain is dot-separated non-empty labels with at least one dot (no bare hosts, no spaces).
  if (at <= 0 || /\s/.test(domain) || !/^[^.@]+(\.[^.@]+)+$/u.test(domain)) return REDACTED;
  // The first code point (a surrogate pair is one), as [...local.trim()][0] would give, without the array.
  const code = local.trim().codePointAt(0);
  const first = code === undefined ? undefined : String.fromCodePoint(code);
  const shown = first !== undefined && (code! < 0x80 ? isAsciiAlnum(code!) : SIGNIFICANT.test(first));
  return `${shown ? first : ""}${DOTS_3}@${domain.toLowerCase()}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in `month` (1-12) of `year` (0-9999), as `new Date(Date.UTC(year, month, 0)).getUTCDate()` counts them, without
 * a Date per value: Date.UTC reads years 0-99 as 1900-1999, so those are leap years when divisible by 4, except 0 (1900).
 */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  const y = year < 100 ? year + 1900 : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** A date or timestamp (`YYYY-MM[-DD]…`, or a JS Date) → its four-digit year; anything else (or an impossible date) is redacted. */
export function maskYear(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? REDACTED : String(value.getUTCFullYear()).padStart(4, "0");
  if (typeof value !== "string") return REDACTED;
  const m = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$/.exec(value);
  if (!m) return REDACTED;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return REDACTED;
  // 1990-02-30 is not a date and shows nothing.
  if (day > daysInMonth(year, month)) return REDACTED;
  return m[1];
}

/**
 * The 3-digit ZIP areas of 20,000 people or fewer (US Census 2000), which HIPAA's Safe Harbor rule (45 CFR
 * 164.514(b)(2)(i)(B)) requires to be shown as 000: in them three digits narrow a person down too far.
 */
export const SPARSE_ZIP3 = new Set([
  "036",
  "059",
  "063",
  "102",
  "203",
  "556",
  "692",
  "790",
  "821",
  "823",
  "830",
  "831",
  "878",
  "879",
  "884",
  "890",
  "893",
]);

/**
 * A US ZIP (`94107`, `94107-1234`) → its first three digits and two dots (`941••`), or `000••` in a sparse area
 * (SPARSE_ZIP3). ZIP+4 gives the same output as the 5-digit ZIP, so the mask does not tell the two apart.
 */
export function maskZip3(value: string): string {
  const m = /^\s*(\d{3})\d{2}(?:-\d{4})?\s*$/.exec(value);
  if (!m) return REDACTED;
  return `${SPARSE_ZIP3.has(m[1]) ? "000" : m[1]}${DOT.repeat(2)}`;
}

const BUCKET = BigInt(ROUND_BUCKET);

/**
 * An amount in minor units (cents) → the nearest multiple of ROUND_BUCKET, halves away from zero, as plain digits.
 * Accepted: a finite number, a bigint, or a string of ASCII digits with an optional sign and decimals. Anything else
 * (`12.5k`, `0x10`, `1e5`, a boolean) is redacted rather than guessed at. Rounds exactly, whatever the size.
 */
export function maskRound(value: unknown): string {
  if (typeof value === "bigint") return roundScaled(value, 1n);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return REDACTED;
    if (Number.isSafeInteger(value)) return roundScaled(BigInt(value), 1n);
    // Fractions and unsafe integers: through their shortest decimal form, when it is plain digits (not 1e+21).
    return /e/i.test(String(value)) ? REDACTED : maskRound(String(value));
  }
  if (typeof value !== "string") return REDACTED;
  const m = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/.exec(value);
  if (!m) return REDACTED;
  // Exact decimal arithmetic: 4999.5 cents is nearer 0 than 10000, which rounding to a cent first would get wrong.
  const frac = m[3] ?? "";
  const n = BigInt(m[2] + frac);
  return roundScaled(m[1] === "-" ? -n : n, 10n ** BigInt(frac.length));
}

/** `n / scale` rounded to the nearest bucket, halves away from zero. */
function roundScaled(n: bigint, scale: bigint): string {
  const bucket = BUCKET * scale;
  const abs = n < 0n ? -n : n;
  // Twice the remainder against the bucket: exact for odd buckets too.
  const q = abs / bucket;
  const rounded = (2n * (abs % bucket) >= bucket ? q + 1n : q) * BUCKET;
  return String(n < 0n && rounded !== 0n ? -rounded : rounded);
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

/** The text a mask works on: an absent value stays absent (null), a Date is its ISO-8601 form, anything else String(). */
export function maskText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * The masked value of `value` under `rule`, or null when the rule leaves nothing (`null`, `withhold`) or the value is
 * absent. An absent value stays absent under every mask except `redact`, whose marker hides even that.
 */
export function applyMask(rule: MaskRule, value: unknown, ctx: MaskContext): string | null {
  if (rule === "withhold" || rule === "null") return null;
  if (rule === "redact") return REDACTED;
  const text = maskText(value);
  if (text === null) return null;
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
