import { describe, expect, it } from "vitest";
import vectors from "./golden-vectors.json";
import { applyMask, maskLast4, REDACTED, type MaskRule } from "./mask";

describe("applyMask golden vectors", () => {
  it.each(vectors as Array<{ rule: MaskRule; input: unknown; output: string | null }>)("$rule($input) = $output", (v) => {
    expect(applyMask(v.rule, v.input)).toBe(v.output);
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
    expect(applyMask("redact", "x")).toBe(REDACTED);
    expect(applyMask("redact", "x".repeat(500))).toBe(REDACTED);
  });
});
