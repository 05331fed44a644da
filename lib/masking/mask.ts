// Pure masking functions. A mask never reveals more than its rule says; `withhold` reveals nothing at all.
import { z } from "zod";

export const MASK_RULES = ["none", "redact", "last4", "withhold"] as const;
export type MaskRule = (typeof MASK_RULES)[number];
export const ZMaskRule = z.enum(MASK_RULES);

const DOT = "\u2022";
/** Redaction has a fixed width so a masked value does not leak the length of the real one. */
export const REDACTED = DOT.repeat(6);

/** Keeps the last four letters or digits, replaces the others with dots, keeps separators. */
export function maskLast4(value: string): string {
  const alnum = [...value].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
  // With four or fewer significant characters "last 4" would be the whole value: redact instead.
  if (alnum <= 4) return REDACTED;
  let keep = 4;
  const out: string[] = [];
  for (const c of [...value].reverse()) {
    if (/[\p{L}\p{N}]/u.test(c)) {
      out.push(keep > 0 ? c : DOT);
      keep--;
    } else out.push(c);
  }
  return out.reverse().join("");
}

/** The masked text for a value under a rule, or null when the rule withholds the value entirely. */
export function applyMask(rule: MaskRule, value: unknown): string | null {
  if (rule === "withhold") return null;
  if (value === null || value === undefined) return rule === "none" ? "" : REDACTED;
  const text = String(value);
  switch (rule) {
    case "none":
      return text;
    case "redact":
      return REDACTED;
    case "last4":
      return maskLast4(text);
  }
}
