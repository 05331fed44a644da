// One detector for personal data in free text: purposes today, the machine API's payloads later. Pure, no
// dependencies. It must be precise, because a purpose full of ticket ids, dates and amounts has to pass: numbers
// are judged by their shape and checksums (Luhn, SSN/ITIN/EIN ranges), never by "many digits". Linear time: each
// regex starts only where a run starts (a lookbehind) and has no nested unbounded quantifiers, and a run of
// numbers is classified in windows of at most MAX_GROUPS digit groups.

export const PII_KINDS = ["email", "phone", "tin", "card", "address"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Where personal data was found, [start, end) in UTF-16 code units. Not the text itself: a caller cannot log
 * the personal data by accident. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

const LABELS: Record<PiiKind, string> = {
  email: "an email address",
  phone: "a phone number",
  tin: "a tax ID or social security number",
  card: "a payment card number",
  address: "a street address",
};

/** The kinds of personal data in `text` with their positions, in text order. */
export function detectPii(text: string): PiiMatch[] {
  // Fast paths, exact: every kind needs a digit or an @; and in an id-shaped word (`usr_8f3k2m9q`, `query_id`) every
  // digit is glued to a letter or an underscore, which the number rules never read as personal data.
  if (!MAYBE_PII.test(text) || ID_WORD.test(text)) return [];
  const emails = findEmails(text);
  const numbers = findNumbers(text).filter((n) => !emails.some((e) => n.start < e.end && e.start < n.end));
  return [...emails, ...numbers, ...findAddresses(text)].sort((a, b) => a.start - b.start);
}

const MAYBE_PII = /[0-9@]/;
const ID_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A one-line reason for a refusal ("contains what looks like an email address; describe the purpose without
 * personal data"), or null when nothing was found. */
export function describePii(found: readonly PiiMatch[], subject = "the purpose"): string | null {
  const labels = PII_KINDS.filter((k) => found.some((m) => m.kind === k)).map((k) => LABELS[k]);
  if (labels.length === 0) return null;
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
  return `contains what looks like ${list}; describe ${subject} without personal data`;
}

// --- Email --------------------------------------------------------------------------------------------------
// RFC 5322's common subset: dot-atom local part (plus-addressing included, at most 64 characters) and a domain
// of LDH labels ending in an alphabetic TLD, so `pkg@1.2.3` and `git@host` are not addresses.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])/g;

function findEmails(text: string): PiiMatch[] {
  return Array.from(text.matchAll(EMAIL), (m) => ({ kind: "email" as const, start: m.index, end: m.index + m[0].length }));
}

// --- Street addresses ------------------------------------------------------------------------------------------
// A house number (not glued to a word or an id), one to three capitalised words, and a street-type word: `221B Baker
// Street`, `1600 Pennsylvania Ave`; and post-office boxes. Capitalised, because "2 hours on the avenue" is prose.
// Bounded repetition from each start only, so linear in the text.
const STREET_TYPES = [
  ..."street st avenue ave road rd boulevard blvd lane ln drive dr court ct way place pl terrace parkway pkwy highway hwy".split(" "),
  ..."square sq crescent".split(" "),
]
  .map((t) => `[${t[0].toUpperCase()}${t[0]}]${t.slice(1)}|${t.toUpperCase()}`)
  .join("|");
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}_#/.:=-])\\d{1,6}[A-Za-z]?(?:[ \\u00A0]+\\p{Lu}[\\p{L}'-]{0,29}\\.?){1,3}?[ \\u00A0]+(?:${STREET_TYPES})(?![\\p{L}\\p{N}])` +
    `|(?<![\\p{L}\\p{N}])[Pp]\\.?[ \\u00A0]?[Oo]\\.?[ \\u00A0]+(?:[Bb]ox|BOX)[ \\u00A0]+\\d{1,8}(?!\\p{N})`,
  "gu",
);

function findAddresses(text: string): PiiMatch[] {
  return Array.from(text.matchAll(ADDRESS), (m) => ({ kind: "address" as const, start: m.index, end: m.index + m[0].length }));
}

// --- Numbers: phones, TINs, cards -----------------------------------------------------------------------------
// A run: digit groups joined by up to three of space, dot, dash or parentheses, optionally opened by + or (.
// It never starts glued to a word (`SUP-12345`, `INC0012345`, `usr_…`, `v1.2.3`, `/tickets/123`, `#123`, `id=…`),
// because a prefix glued to digits makes them an identifier, not personal data.
const RUN = /(?<![\p{L}\p{N}_#+=@]|[\p{L}\p{N}_][-._/:,#@=])[+(]?\d+(?:[ \u00A0\u202F.()-]{1,3}\d+)*/gu;
const DIGITS = /\d+/g;
// A run that ends glued to a word or another number (`2026-11-29T10`, `1,250`, `10:30`) loses its last segment.
const GLUED_END = /^(?:[\p{L}_]|[-._/:,#@=][\p{L}\p{N}_])/u;
/** Phone numbers have at most 7 groups (`+33 1 23 45 67 89`), cards 5 (`4-4-4-4-3`). */
const MAX_GROUPS = 7;
/** Every kind has 7 (`555-0100`) to 19 (a long card) digits; other windows are not even built. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 19;

interface Group {
  digits: string;
  start: number;
  end: number;
}

function findNumbers(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const m of text.matchAll(RUN)) {
    const runStart = m.index;
    const groups: Group[] = Array.from(m[0].matchAll(DIGITS), (g) => ({
      digits: g[0],
      start: runStart + g.index,
      end: runStart + g.index + g[0].length,
    }));
    const seps = groups.slice(1).map((g, i) => text.slice(groups[i].end, g.start));
    // A separator of one dash or dot binds its groups into one segment (`2026-11-29`, `555.010.0100`) that a
    // window may not split; anything with a space or a parenthesis is a boundary.
    const tight = seps.map((s) => s === "-" || s === ".");
    let count = groups.length;
    if (GLUED_END.test(text.slice(groups[count - 1].end, groups[count - 1].end + 2))) {
      count--;
      while (count > 0 && tight[count - 1]) count--;
    }
    const prefix = text[runStart] === "+" || text[runStart] === "(" ? text[runStart] : "";
    classifyRun(groups.slice(0, count), seps, tight, prefix, runStart, out);
  }
  return out;
}

/** Longest window first at each boundary, left to right; a classified window is consumed whole. */
function classifyRun(groups: Group[], seps: string[], tight: boolean[], prefix: string, runStart: number, out: PiiMatch[]): void {
  const before: number[] = [0]; // before[i]: digits in groups[0..i-1]
  for (const g of groups) before.push(before[before.length - 1] + g.digits.length);
  let a = 0;
  while (a < groups.length) {
    let found: { kind: PiiKind; b: number } | null = null;
    const last = Math.min(groups.length, a + MAX_GROUPS) - 1;
    for (let b = last; b >= a && !found; b--) {
      if (b < groups.length - 1 && tight[b]) continue; // would split a segment
      const n = before[b + 1] - before[a];
      if (n < MIN_DIGITS || n > MAX_DIGITS) continue;
      const window: Window = {
        plus: a === 0 && prefix === "+",
        open: (a === 0 && prefix === "(") || (a > 0 && seps[a - 1].endsWith("(")),
        groups: groups.slice(a, b + 1).map((g) => g.digits),
        seps: seps.slice(a, b),
      };
      const kind = classify(window);
      if (kind) found = { kind, b };
    }
    if (found) {
      const start = a === 0 && prefix ? runStart : groups[a].start - (a > 0 && seps[a - 1].endsWith("(") ? 1 : 0);
      out.push({ kind: found.kind, start, end: groups[found.b].end });
      a = found.b + 1;
    } else {
      a++;
    }
    while (a < groups.length && tight[a - 1]) a++; // a window starts at a segment's first group
  }
}

interface Window {
  /** Opened by +: an international number. */
  plus: boolean;
  /** Opened by ( before the first group: `(555) 010-0100`. */
  open: boolean;
  groups: string[];
  /** The separators between the groups (one fewer). */
  seps: string[];
}

function classify(w: Window): PiiKind | null {
  const digits = w.groups.join("");
  const lengths = w.groups.map((g) => g.length).join("-");
  // One separator character, the same throughout (or none): how cards and TINs are written.
  const uniform = !w.plus && !w.open && w.seps.every((s) => s === w.seps[0] && /^[ \u00A0.-]$/.test(s));
  if (uniform && (w.seps.length === 0 || w.seps[0] !== ".") && isCard(digits, w.groups)) return "card";
  if (uniform && (lengths === "9" || lengths === "3-2-4") && isSsnOrItin(digits)) return "tin";
  if (uniform && lengths === "2-7" && w.seps[0] === "-" && isEinPrefix(digits.slice(0, 2))) return "tin";
  if (isPhone(w, digits)) return "phone";
  return null;
}

function isCard(digits: string, groups: string[]): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (groups.length > 1 && groups.some((g) => g.length < 3)) return false;
  return hasCardPrefix(digits) && luhnValid(digits);
}

/** Issuer prefixes of the networks in use (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Mir,
 * Maestro), so a Luhn-valid run of years or ids that no network issues is not a card. */
function hasCardPrefix(d: string): boolean {
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  return (
    d[0] === "4" ||
    (p2 >= 51 && p2 <= 55) ||
    (p4 >= 2221 && p4 <= 2720) ||
    p2 === 34 ||
    p2 === 37 ||
    (p3 >= 300 && p3 <= 305) ||
    p2 === 36 ||
    p2 === 38 ||
    p2 === 39 ||
    p4 === 6011 ||
    (p3 >= 644 && p3 <= 649) ||
    p2 === 65 ||
    (p4 >= 3528 && p4 <= 3589) ||
    p2 === 62 ||
    (p4 >= 2200 && p4 <= 2204) ||
    p2 === 50 ||
    (p2 >= 56 && p2 <= 69)
  );
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0 && /[1-9]/.test(digits);
}

/** SSN: area not 000, 666 or 9xx, group not 00, serial not 0000. ITIN: area 9xx with the IRS's group ranges. */
function isSsnOrItin(d: string): boolean {
  const area = d.slice(0, 3);
  const group = Number(d.slice(3, 5));
  if (group === 0 || d.slice(5) === "0000") return false;
  if (area[0] === "9") return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
  return area !== "000" && area !== "666";
}

/** The IRS's EIN campus prefixes (those never assigned are 00, 07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97). */
function isEinPrefix(p: string): boolean {
  return !["00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97"].includes(p);
}

function isPhone(w: Window, digits: string): boolean {
  const n = digits.length;
  // E.164 written with its +: country code and number, 8 to 15 digits in all.
  if (w.plus) return digits[0] !== "0" && n >= 8 && n <= 15;
  if (isNanp(w)) return true;
  // International access prefix instead of +, written in groups: `00 44 20 7946 0958`, `0044 20 7946 0958`.
  if (!w.open && w.groups.length >= 2 && w.groups[0].startsWith("00") && w.groups[0].length <= 5) return n - 2 >= 8 && n - 2 <= 15;
  // A national number behind its trunk 0 (UK `07700 900123`, `020 7946 0958`): 10 or 11 digits, written compact or
  // with one kind of separator, so a date like `01.12.2026 12` is not one.
  if (digits[0] === "0" && digits[1] !== "0" && (n === 10 || n === 11)) {
    const seps = w.open ? w.seps.slice(1) : w.seps;
    if (w.open && !/^\)[ \u00A0-]?$/.test(w.seps[0] ?? "")) return false;
    return seps.every((s) => s === seps[0] && /^[ \u00A0.-]$/.test(s));
  }
  return false;
}

/** North American numbering: (555) 010-0100, 555-010-0100, 555.010.0100, 555 010 0100, with or without a leading
 * 1; 555-0100 (the 7-digit local form, exchange 2–9 so `100-1000` stays a range); 10 or 11 digits written compact
 * only when they follow the plan's rules (area and exchange 2–9), since bare digit runs are mostly ids. */
function isNanp(w: Window): boolean {
  let groups = w.groups;
  let seps = w.seps;
  let open = w.open;
  if (groups.length === 4 && groups[0] === "1" && !open) {
    if (!/^[ \u00A0.-]?\(?$/.test(seps[0])) return false;
    open = seps[0].endsWith("(");
    groups = groups.slice(1);
    seps = seps.slice(1);
  }
  const lengths = groups.map((g) => g.length).join("-");
  if (lengths === "3-3-4") {
    if (open) return /^\)[ \u00A0.-]?$/.test(seps[0]) && /^[ \u00A0.-]$/.test(seps[1]);
    return /^[ \u00A0.-]$/.test(seps[0]) && seps[1] === seps[0];
  }
  if (lengths === "3-4" && !open) return (seps[0] === "-" || seps[0] === ".") && groups[0][0] >= "2";
  if (groups.length === 1 && !open) return /^1?[2-9]\d{2}[2-9]\d{6}$/.test(groups[0]);
  return false;
}
