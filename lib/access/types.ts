// What the access gateway hands back: every cell says whether it is clear, masked or withheld, and why.
import type { PrivacyTier } from "@/lib/core/tiers";
import type { Role } from "@/lib/core/permissions";

/** The acting person, as the gateway needs them. */
export interface Actor {
  id: string;
  role: Role;
}

/** Where a request came from, hashed: no raw IP or user agent is stored (envelope rule: ids and hashes only). */
export interface RequestMeta {
  requestId: string;
  ipHash: string | null;
  uaHash: string | null;
}

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
