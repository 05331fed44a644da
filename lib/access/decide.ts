// Policy v1, pure: per column, clear / masked / withheld from the actor's active scopes and the catalog.
import { TIER_LABELS, type PrivacyTier, type Scope } from "@/lib/core/tiers";
import type { ColumnPolicy } from "@/lib/catalog/get-dataset-policy";
import { isMask } from "@/lib/masking/mask";
import type { ColumnDecision } from "./types";

export const POLICY_VERSION = "v1";

export interface ColumnVerdict {
  column: ColumnPolicy;
  decision: ColumnDecision;
  reason: string;
}

export function decideColumn(column: ColumnPolicy, scopes: ReadonlySet<Scope>): ColumnVerdict {
  if (column.tier === "none") return { column, decision: "clear", reason: "No personal data" };
  if (scopes.has(column.tier)) return { column, decision: "clear", reason: `Shown under your active ${column.tier} grant` };
  const need = `Needs an active ${column.tier} grant (${TIER_LABELS[column.tier as PrivacyTier]})`;
  // A column whose rule is not a mask (withhold, or `none` on a restricted tier: a catalog mistake) is withheld outright.
  if (isMask(column.maskRule)) return { column, decision: "masked", reason: need };
  return { column, decision: "withheld", reason: need };
}

export function decideColumns(columns: readonly ColumnPolicy[], scopes: ReadonlySet<Scope>): ColumnVerdict[] {
  return columns.map((c) => decideColumn(c, scopes));
}

/** The ledger decision for a whole access: allow when all is clear, deny when nothing is readable, else mask. */
export function overallDecision(verdicts: readonly ColumnVerdict[]): "allow" | "mask" | "deny" {
  if (verdicts.every((v) => v.decision === "clear")) return "allow";
  if (verdicts.every((v) => v.decision === "withheld")) return "deny";
  return "mask";
}
