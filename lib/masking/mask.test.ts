import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import golden from "./golden-vectors.json";
import {
  applyMask,
  base32,
  hmacTokenizer,
  isMask,
  maskLast4,
  MASK_RULE_LABELS,
  MASK_RULES,
  maskRound,
  REDACTED,
  ROUND_BUCKET,
  type MaskRule,
} from "./mask";

const ctx = { tokenize: hmacTokenizer(Buffer.from(golden.tokenKeyHex, "hex")) };
const vectors = golden.vectors as Array<{ rule: MaskRule; input: unknown; output: string | null }>;

describe("applyMask golden vectors", () => {
  it.each(vectors)("$rule($input) = $output", (v) => {
    expect(applyMask(v.rule, v.input, ctx)).toBe(v.output);
  });

  it("cover every rule, with an empty, an absent and a non-ASCII input each", () => {
    for (const rule of MASK_RULES) {
      const mine = vectors.filter((v) => v.rule === rule);
      expect(
        mine.some((v) => v.input === null),
        rule,
      ).toBe(true);
      expect(
        mine.some((v) => v.input === ""),
        rule,
      ).toBe(true);
      expect(
        mine.some((v) => typeof v.input === "string" && /[^\x00-\x7f]/.test(v.input)),
        rule,
      ).toBe(true);
    }
  });
});

describe("base32", () => {
  it("matches RFC 4648's test vectors (lowercase, unpadded)", () => {
    expect(base32(Buffer.from("foobar"), 10)).toBe("mzxw6ytboi");
    expect(base32(Buffer.from("f"), 1)).toBe("m");
  });
});

describe("token", () => {
  it("is HMAC-SHA256 under the key, never a bare hash: another key gives another token", () => {
    const other = hmacTokenizer(Buffer.alloc(32, 7));
    const tin = "123-45-6789";
    expect(applyMask("token", tin, ctx)).not.toBe(other(tin));
    const bare = createHmac("sha256", Buffer.alloc(0)).update(tin).digest();
    expect(applyMask("token", tin, ctx)).not.toBe(`tok_${base32(bare, 20)}`);
  });
});

describe("maskLast4", () => {
  it("never shows more than four significant characters", () => {
    for (const s of ["123-45-6789", "+1 (212) 555-0199", "abcdefghij", "9".repeat(40)]) {
      const shown = [...maskLast4(s)].filter((c) => /[\p{L}\p{N}]/u.test(c));
      expect(shown.length).toBeLessThanOrEqual(4);
    }
  });

  it("redacted output has a fixed width, whatever the input length", () => {
    expect(applyMask("redact", "x", ctx)).toBe(REDACTED);
    expect(applyMask("redact", "x".repeat(500), ctx)).toBe(REDACTED);
  });
});

describe("isMask", () => {
  it("is true for every rule but none and withhold", () => {
    expect(MASK_RULES.filter(isMask)).toEqual(MASK_RULES.filter((r) => r !== "none" && r !== "withhold"));
    expect(isMask("null")).toBe(true);
  });
});

describe("round", () => {
  it("lands on a multiple of the bucket within half a bucket of the amount, for any integer", () => {
    for (const n of [0, 1, 4_999, 5_000, 5_001, 123_456, -123_456, 99_999_999, -5_000, 15_000]) {
      const r = Number(maskRound(n));
      expect(Math.abs(r % ROUND_BUCKET), String(n)).toBe(0);
      expect(Math.abs(r - n), String(n)).toBeLessThanOrEqual(ROUND_BUCKET / 2);
    }
  });
});

describe("withhold and null", () => {
  it("show nothing of any value, whatever its type", () => {
    for (const v of ["x", 0, "", new Date(0), 12n]) {
      expect(applyMask("withhold", v, ctx)).toBeNull();
      expect(applyMask("null", v, ctx)).toBeNull();
    }
  });
});

describe("labels", () => {
  it("name every rule", () => {
    expect(Object.keys(MASK_RULE_LABELS).sort()).toEqual([...MASK_RULES].sort());
  });
});
