// A privacy admin changes one catalog column's tier or masking rule (issue 8 item 1). The change, its ledger entry
// (governance.catalog_column_changed: old and new tier/rule, the reason) and the access-version bump commit together,
// so every gateway's next read decides on the new classification (decision 022) and the ledger never misses one.
// Refusals change nothing and are recorded as governance.action_refused, as every governance verb's are (decision 013).
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { ZPrivacyTier } from "@/lib/core/schemas";
import { highestTier, PRIVACY_TIERS, type PrivacyTier } from "@/lib/core/tiers";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { MASK_RULES, ZMaskRule, type MaskRule } from "@/lib/masking/mask";
import { commitOrRefuse, parseOrRefuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "@/lib/scopes/record-refusal";
import { ZReason } from "@/lib/scopes/vocabulary";
import { bumpAccessVersion } from "./access-version";

export const CATALOG_COLUMN_CHANGED = "governance.catalog_column_changed";

/** `marketplace.people@1` → its key and version; null when it is not of that form. */
export function parseDatasetRef(ref: string): { key: string; version: number } | null {
  const m = /^([a-z][a-z0-9_.-]{0,99})@([1-9]\d{0,8})$/.exec(ref.trim());
  return m ? { key: m[1], version: Number(m[2]) } : null;
}

export const ZCatalogColumnEdit = z
  .object({
    dataset: z
      .string({ error: "Name the dataset as key@version" })
      .refine((d) => parseDatasetRef(d) !== null, "Name the dataset as key@version, e.g. marketplace.people@1"),
    column: z
      .string({ error: "Name the column" })
      .trim()
      .min(1, "Name the column")
      .max(100, "Column names are under 100 characters")
      .regex(/^[a-z][a-z0-9_]*$/, "A column name is lowercase letters, digits and underscores"),
    tier: z.string({ error: "Choose a privacy tier" }).pipe(z.enum(PRIVACY_TIERS, { error: `Choose a known tier: ${PRIVACY_TIERS.join(", ")}` })),
    maskRule: z.string({ error: "Choose a masking rule" }).pipe(z.enum(MASK_RULES, { error: `Choose a known rule: ${MASK_RULES.join(", ")}` })),
    reason: ZReason,
    /** The classification the editor saw; if it has changed since, the edit is refused rather than silently overwriting. */
    base: z.object({ tier: ZPrivacyTier, maskRule: ZMaskRule }).optional(),
  })
  .superRefine((e, ctx) => {
    // `none` means "shown to everyone": only right for a column with no personal data, and such a column needs no mask.
    if (e.tier === "none" && e.maskRule !== "none") {
      ctx.addIssue({
        code: "custom",
        path: ["maskRule"],
        message: "A column with no personal data (tier none) is shown in clear: its rule must be none",
      });
    } else if (e.tier !== "none" && e.maskRule === "none") {
      ctx.addIssue({
        code: "custom",
        path: ["maskRule"],
        message: `A restricted column (${e.tier}) needs a masking rule or withhold; none would show it in clear to everyone`,
      });
    }
  });
export type TCatalogColumnEdit = z.input<typeof ZCatalogColumnEdit>;

export interface CatalogColumnChange {
  dataset: string;
  column: string;
  old: { tier: PrivacyTier; maskRule: MaskRule };
  new: { tier: PrivacyTier; maskRule: MaskRule };
  ledgerSeq: number;
}

export async function updateCatalogColumn(acting: Acting, edit: TCatalogColumnEdit): Promise<CatalogColumnChange> {
  const given = typeof edit?.dataset === "string" ? parseDatasetRef(edit.dataset) : null;
  const ref = given ? `${given.key}@${given.version}` : "unknown";
  const ctx: RefusalContext = {
    attempted: "update_catalog_column",
    privacyTier: "none",
    resource: `dataset:${ref}`,
    recordId: typeof edit?.column === "string" ? edit.column.slice(0, 100) : null,
  };
  await requirePermissionOrRefuse(acting, "catalog.manage", ctx);
  const e = await parseOrRefuse(ZCatalogColumnEdit, edit, acting, ctx);
  const { key, version } = parseDatasetRef(e.dataset)!;

  const { result, entries } = await commitOrRefuse(acting, async ({ tx, record }) => {
    const dataset = await tx.dataset.findUnique({ where: { key_version: { key, version } }, select: { id: true, recordIdColumn: true } });
    if (!dataset) throw refusal(ctx, "not_found", `Dataset ${ref} is not in the catalog`, "dataset");
    const column = await tx.datasetColumn.findUnique({
      where: { datasetId_name: { datasetId: dataset.id, name: e.column } },
      select: { id: true, tier: true, maskRule: true },
    });
    if (!column) throw refusal(ctx, "not_found", `Dataset ${ref} has no column ${e.column}`, "column");
    // Parsed, not cast: a stored value this code does not know must not be carried into the ledger as if it were valid.
    const old = { tier: ZPrivacyTier.parse(column.tier), maskRule: ZMaskRule.parse(column.maskRule) };
    const inner: RefusalContext = { ...ctx, privacyTier: highestTier([old.tier, e.tier]) };
    if (e.base && (e.base.tier !== old.tier || e.base.maskRule !== old.maskRule)) {
      throw refusal(inner, "conflict", `${e.column} changed while you edited it: it is now ${old.tier} / ${old.maskRule}. Review it and edit again.`);
    }
    if (old.tier === e.tier && old.maskRule === e.maskRule) {
      throw refusal(inner, "validation_failed", `Nothing changed: ${e.column} is already ${e.tier} / ${e.maskRule}`, "maskRule");
    }
    // The gateway returns every row's record id as the row's name: it must stay a column anyone may see.
    if (e.column === dataset.recordIdColumn && e.tier !== "none") {
      throw refusal(inner, "validation_failed", `${e.column} is the record id of ${ref}: it names each row and stays unrestricted`, "tier");
    }
    // Only if still as read: on PostgreSQL a concurrent edit of the same column commits first, and this one must not
    // ledger an "old" value that is no longer the old one (the row lock makes the second UPDATE re-check the WHERE).
    const updated = await tx.datasetColumn.updateMany({
      where: { id: column.id, tier: column.tier, maskRule: column.maskRule },
      data: { tier: e.tier, maskRule: e.maskRule },
    });
    if (updated.count !== 1) throw refusal(inner, "conflict", `Someone else changed ${e.column} at the same moment. Review it and edit again.`);
    await bumpAccessVersion(tx);
    const next = { tier: e.tier, maskRule: e.maskRule };
    record(
      governanceEntry(acting.actor, acting.meta, {
        action: CATALOG_COLUMN_CHANGED,
        privacyTier: inner.privacyTier,
        resource: `dataset:${ref}`,
        recordId: e.column,
        purpose: e.reason,
        payload: {
          dataset: ref,
          column: e.column,
          old: { tier: old.tier, mask_rule: old.maskRule },
          new: { tier: next.tier, mask_rule: next.maskRule },
          reason: e.reason,
        },
      }),
    );
    return { dataset: ref, column: e.column, old, new: next };
  });
  const entry = entries[0];
  if (!entry) throw new AppError("internal", "The catalog change was committed without its ledger entry");
  return { ...result, ledgerSeq: entry.seq };
}
