import { describe, expect, it } from "vitest";
import type { ColumnPolicy } from "@/lib/catalog/get-dataset-policy";
import type { Scope } from "@/lib/core/tiers";
import { decideColumn, decideColumns, overallDecision } from "./decide";

const col = (tier: ColumnPolicy["tier"], maskRule: ColumnPolicy["maskRule"]): ColumnPolicy => ({
  name: `${tier}_${maskRule}`,
  label: "x",
  tier,
  maskRule,
});

describe("decideColumn (policy v1)", () => {
  it.each<[ColumnPolicy, Scope[], string]>([
    [col("none", "none"), [], "clear"],
    [col("pii_basic", "redact"), ["pii_basic"], "clear"],
    [col("pii_basic", "redact"), ["pii_sensitive"], "masked"],
    [col("pii_sensitive", "show_last_4"), [], "masked"],
    [col("pii_tax", "withhold"), ["pii_basic", "pii_sensitive"], "withheld"],
    [col("pii_tax", "withhold"), ["pii_tax"], "clear"],
    [col("background", "withhold"), ["pii_tax"], "withheld"],
    // A restricted column with rule "none" is a catalog mistake: it must not leak, so it is withheld.
    [col("pii_sensitive", "none"), [], "withheld"],
  ])("%o with %j → %s", (column, scopes, expected) => {
    const v = decideColumn(column, new Set(scopes));
    expect(v.decision).toBe(expected);
    if (expected !== "clear") expect(v.reason).toContain(column.tier);
  });
});

describe("overallDecision", () => {
  const scopes = new Set<Scope>(["pii_basic"]);
  it.each([
    [[col("none", "none"), col("pii_basic", "redact")], "allow"],
    [[col("none", "none"), col("pii_tax", "show_last_4")], "mask"],
    [[col("pii_tax", "withhold"), col("background", "withhold")], "deny"],
    [[col("pii_basic", "redact"), col("background", "withhold")], "mask"],
  ] as const)("%#", (columns, expected) => {
    expect(overallDecision(decideColumns(columns, scopes))).toBe(expected);
  });
});
