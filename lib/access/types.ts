// What the access gateway hands back: every cell says whether it is clear, masked or withheld, and why.
import type { PrivacyTier } from "@/lib/core/tiers";

export type ColumnDecision = "clear" | "masked" | "withheld";

export type GatedCell =
  { state: "clear"; value: string | number | null } | { state: "masked"; value: string; reason: string } | { state: "withheld"; reason: string };

export interface GatedColumn {
  name: string;
  label: string;
  tier: PrivacyTier;
  decision: ColumnDecision;
  reason: string;
}

export interface GatedRow {
  id: string;
  cells: Record<string, GatedCell>;
}

export interface GatedResult {
  dataset: string; // key@version
  columns: GatedColumn[];
  rows: GatedRow[];
  ledgerSeq: number;
}
