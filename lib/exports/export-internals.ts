// What the export verbs share (docs/decisions/024-exports.md): the row lock that serialises deciders, the ledger
// fields every exports.* entry carries, and the refusal context.
import { Prisma } from "@db-client";
import type { Acting } from "@/lib/core/actor";
import { highestTier, type PrivacyTier } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import { governanceEntry, type Tx } from "@/lib/ledger/unit-of-work";
import type { LedgerDraft } from "@/lib/ledger/entry";
import type { RefusalContext } from "@/lib/scopes/record-refusal";
import type { ExportColumnPlan } from "./types";

/**
 * Locks the export's row until the transaction ends, so two deciders (or a decider and the requester cancelling)
 * take turns and each re-reads what the other committed. SQLite: BEGIN IMMEDIATE already serialises writers.
 */
export async function lockExport(tx: Tx, id: string): Promise<void> {
  if (dbTarget().dialect !== "postgresql") return;
  await tx.$queryRaw(Prisma.sql`SELECT id FROM "exports" WHERE id = ${id} FOR UPDATE`);
}

/** The ledger's privacy tier for an export: the highest tier among the columns in the file (withheld ones are not). */
export function exportTier(columns: readonly ExportColumnPlan[]): PrivacyTier {
  return highestTier(columns.filter((c) => c.treatment !== "withheld").map((c) => c.tier));
}

/** An exports.* entry: resource `export:<id>`, record_id = the export id. Actor null: the build and expiry jobs. */
export function exportEntry(
  acting: { actor: Acting["actor"] | null; meta: Acting["meta"] },
  exp: { id: string; columns: readonly ExportColumnPlan[] },
  fields: { action: string; purpose?: string; decision?: "allow" | "deny"; payload?: Record<string, unknown> },
): LedgerDraft {
  return governanceEntry(acting.actor, acting.meta, {
    ...fields,
    privacyTier: exportTier(exp.columns),
    resource: `export:${exp.id}`,
    recordId: exp.id,
  });
}

export function exportRefusalContext(
  attempted: string,
  exp: { id: string; columns: readonly ExportColumnPlan[] } | null,
  id: string,
): RefusalContext {
  return { attempted, privacyTier: exp ? exportTier(exp.columns) : "none", resource: `export:${exp?.id ?? id}`, recordId: exp?.id ?? null };
}
