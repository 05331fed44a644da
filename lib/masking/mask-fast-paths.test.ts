// The export build's hot masks take shortcuts (ASCII without regexes, month lengths without a Date): each must give
// exactly what the rule's plain definition gives. The reference functions below are the definitions as first written
// (decision 023), kept here verbatim; golden-vectors.json pins the outputs, this pins the shortcuts on many more inputs.
import { describe, expect, it } from "vitest";
import { DOT, maskEmail, maskLast4, maskYear, REDACTED } from "./mask";

const SIGNIFICANT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

function refLast4(value: string): string {
  const chars = [...value];
  const alnum = chars.filter((c) => SIGNIFICANT.test(c)).length;
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

function refEmail(value: string): string {
  const at = value.lastIndexOf("@");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).trim();
  if (at <= 0 || /\s/.test(domain) || !/^[^.@]+(\.[^.@]+)+$/u.test(domain)) return REDACTED;
  const first = [...local.trim()][0];
  if (!first || !SIGNIFICANT.test(first)) return `${DOT.repeat(3)}@${domain.toLowerCase()}`;
  return `${first}${DOT.repeat(3)}@${domain.toLowerCase()}`;
}

function refYear(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? REDACTED : String(value.getUTCFullYear()).padStart(4, "0");
  if (typeof value !== "string") return REDACTED;
  const m = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$/.exec(value);
  if (!m) return REDACTED;
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return REDACTED;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return REDACTED;
  return m[1];
}

/** A seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "1",
  "7",
  "0",
  "a",
  "Z",
  "-",
  " ",
  "+",
  "(",
  ")",
  ".",
  "@",
  "é",
  "e\u0301",
  "\u0301",
  "東",
  "🙂",
  "\ud800",
  "٣",
  "_",
  "\t",
  "x.y",
  "ex.com",
];

function strings(seed: number, count: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let s = "";
    const n = Math.floor(next() * 16);
    for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
    return s;
  });
}

describe("mask shortcuts agree with the rules' definitions", () => {
  it("show_last_4 on phones, TINs and 5,000 generated strings (ASCII, accents, combining marks, emoji, lone surrogates)", () => {
    for (const v of ["+1-415-555-0123", "123-45-6789", "12345", "1234", "", "a-b-c-d-e", "(415) 555 0123 ext. 9", ...strings(1, 5000)]) {
      expect(maskLast4(v), JSON.stringify(v)).toBe(refLast4(v));
    }
  });

  it("email on addresses and 5,000 generated strings", () => {
    const next = random(2);
    const emails = strings(3, 5000).map((s) => (next() < 0.7 ? `${s}@${PIECES[Math.floor(next() * PIECES.length)]}ex.com` : s));
    for (const v of ["jane.doe@example.com", " Élodie@Example.COM", "🙂x@a.b", "@a.b", "a@b", "\ud800x@a.b", "", ...emails]) {
      expect(maskEmail(v), JSON.stringify(v)).toBe(refEmail(v));
    }
  });

  it("year on every month and day 0-32 of years around the leap rules (0000, 0004, 0100, 1900, 2000, 2024, 9999)", () => {
    for (const y of ["0000", "0004", "0096", "0100", "0400", "1900", "1996", "2000", "2023", "2024", "9999"]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const v = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          expect(maskYear(v), v).toBe(refYear(v));
          expect(maskYear(`${v}T10:00:00Z`), v).toBe(refYear(`${v}T10:00:00Z`));
        }
        const ym = `${y}-${String(m).padStart(2, "0")}`;
        expect(maskYear(ym), ym).toBe(refYear(ym));
      }
    }
  });
});
