// What the matter and hold verbs share (docs/decisions/030-legal-holds.md): the row locks that serialise two people
// acting on the same matter, the ledger fields of every holds.* entry, refusal contexts and the free-text schemas.
import { Prisma } from "@db-client";
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { sha256Hex } from "@/lib/core/hash";
import { dbTarget } from "@/lib/db/client";
import type { LedgerDraft } from "@/lib/ledger/entry";
import { governanceEntry, type Tx } from "@/lib/ledger/unit-of-work";
import type { RefusalContext } from "@/lib/scopes/record-refusal";

export const MATTER_ID = /^mat_[0-9a-z]{4,40}$/;

const ANY_ID = /^[a-z]{3,5}_[0-9a-z]{1,60}$/;

/**
 * An id from a form or a URL; anything not shaped like one of our ids becomes "" and is simply not found (NUL or odd
 * bytes never reach the database, where PostgreSQL would answer an error instead of "no such row").
 */
export const idOf = (v: unknown) => {
  const s = String(v ?? "").trim();
  return ANY_ID.test(s) ? s : "";
};

/**
 * Locks the matter's row (then, when given, the hold's) until the transaction ends, so two privacy admins take turns
 * and each re-reads what the other committed: a matter cannot close while an activation of one of its holds commits.
 * Always matter first, then hold. SQLite: BEGIN IMMEDIATE already serialises writers.
 */
export async function lockMatter(tx: Tx, matterId: string, holdId?: string): Promise<void> {
  if (dbTarget().dialect !== "postgresql") return;
  await tx.$queryRaw(Prisma.sql`SELECT id FROM "matters" WHERE id = ${matterId} FOR UPDATE`);
  if (holdId) await tx.$queryRaw(Prisma.sql`SELECT id FROM "legal_holds" WHERE id = ${holdId} FOR UPDATE`);
}

// Holds name people only by id; the tier of the entries is "none" (no column of a record is read or shown).
type EntryFields = { action: string; purpose?: string; decision?: "allow" | "deny"; payload?: Record<string, unknown> };

/** A holds.* entry about a matter: resource `matter:<id>`; record_id the matter, or the custodian's user id. */
export function matterEntry(acting: Acting, matterId: string, fields: EntryFields & { recordId?: string }): LedgerDraft {
  return governanceEntry(acting.actor, acting.meta, {
    ...fields,
    privacyTier: "none",
    resource: `matter:${matterId}`,
    recordId: fields.recordId ?? matterId,
  });
}

/** A holds.* entry about a hold: resource `hold:<id>`, record_id the hold. */
export function holdEntry(acting: Acting, holdId: string, fields: EntryFields): LedgerDraft {
  return governanceEntry(acting.actor, acting.meta, { ...fields, privacyTier: "none", resource: `hold:${holdId}`, recordId: holdId });
}

export function matterContext(attempted: string, matterId: string): RefusalContext {
  return { attempted, privacyTier: "none", resource: `matter:${matterId || "new"}`, recordId: matterId || null };
}

export function holdContext(attempted: string, holdId: string): RefusalContext {
  return { attempted, privacyTier: "none", resource: `hold:${holdId || "new"}`, recordId: holdId || null };
}

/** Free text the ledger repeats only as a hash (a matter's name may name a party to the case). */
export const textHash = (s: string) => sha256Hex(s).slice(0, 32);

// PostgreSQL refuses NUL in text (an error, not a row): refused here as bad input instead.
const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "Remove the control character";

export const ZMatterFields = z.object({
  name: z
    .string({ error: "A name is required" })
    .trim()
    .min(3, "Give the matter a name of at least 3 characters")
    .max(200, "Keep the name under 200 characters")
    .refine(noNul, NUL_MESSAGE),
  legalReference: z
    .string({ error: "A legal reference is required" })
    .trim()
    .min(2, "Give the legal reference (docket, case or request number)")
    .max(200, "Keep the legal reference under 200 characters")
    .refine(noNul, NUL_MESSAGE),
  description: z.string().trim().max(4000, "Keep the description under 4000 characters").refine(noNul, NUL_MESSAGE).default(""),
  ownerId: z
    .string({ error: "Choose an owner" })
    .trim()
    .regex(/^usr_[0-9a-z]{4,40}$/, "Choose an owner from the list"),
});
export type TMatterFields = z.input<typeof ZMatterFields>;

export const ZHoldName = z
  .string({ error: "A name is required" })
  .trim()
  .min(3, "Give the hold a name of at least 3 characters")
  .max(200, "Keep the name under 200 characters")
  .refine(noNul, NUL_MESSAGE);

/** The field a zod failure concerns, as the forms name it ("targets.1.toDay"). */
export function zodField(err: z.ZodError, prefix = ""): string | undefined {
  const path = err.issues[0]?.path.map(String).join(".");
  return path ? `${prefix}${path}` : prefix.replace(/\.$/, "") || undefined;
}
