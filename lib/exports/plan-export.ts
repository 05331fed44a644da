// The preview of an export (docs/decisions/024-exports.md): per column clear / masked / withheld from the SAME verdicts
// the gateway uses (decideColumns on the actor's grants in force), then the export rule on top: nothing above
// pii_basic leaves unmasked without a privacy admin's approval. Also the row estimate, the tier's row cap and
// whether approval is needed and why. Read-only: create-export.ts freezes this plan at submission.
import { z } from "zod";
import { accessContext } from "@/lib/access/access-context";
import { decideColumns, POLICY_VERSION } from "@/lib/access/decide";
import type { Actor } from "@/lib/core/actor";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { highestTier, PRIVACY_TIERS, type PrivacyTier } from "@/lib/core/tiers";
import { isMask, MASK_RULE_LABELS } from "@/lib/masking/mask";
import { warehouseDataset } from "@/lib/warehouse/datasets";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { ZExportFilters, ZExportFormat, ZExportOptions, type ExportColumnPlan, type ExportFilters } from "./types";

export const ZExportPlanInput = z.object({
  dataset: z
    .string({ error: "Choose a dataset" })
    .trim()
    .regex(/^[a-z0-9_.]+@\d{1,6}$/, "must be a dataset as key@version"),
  columns: z.array(z.string().trim().min(1).max(128)).min(1, "Choose at least one column").max(200),
  /** Columns asked to leave in clear beyond what the export rule allows by itself: each one needs approval. */
  unmask: z.array(z.string().trim().min(1).max(128)).max(200).default([]),
  filters: ZExportFilters.default({}),
  format: ZExportFormat,
  options: ZExportOptions.default({ csvComment: true, exportIdColumn: false }),
});
export type TExportPlanInput = z.input<typeof ZExportPlanInput>;

export interface ExportPlan {
  datasetKey: string;
  datasetVersion: number;
  /** `key@version`. */
  ref: string;
  columns: ExportColumnPlan[];
  filters: ExportFilters;
  format: z.output<typeof ZExportFormat>;
  options: z.output<typeof ZExportOptions>;
  /** The highest tier among the columns that are in the file (clear or masked; withheld ones are not in it). */
  capTier: PrivacyTier;
  rowCap: number;
  /** Rows matching the filters, counted up to rowCap + 1. */
  rowEstimate: number;
  overCap: boolean;
  approvalRequired: boolean;
  approvalReasons: string[];
  policyVersion: string;
  accessVersion: number;
}

const ABOVE_BASIC = (tier: PrivacyTier) => PRIVACY_TIERS.indexOf(tier) > PRIVACY_TIERS.indexOf("pii_basic");

/** Throws a 422 naming the field (`dataset`, `columns`, `unmask`, `filters.<name>`) for anything the dataset lacks. */
export async function planExport(actor: Actor, input: TExportPlanInput): Promise<ExportPlan> {
  const q = ZExportPlanInput.parse(input);
  const at = q.dataset.lastIndexOf("@");
  const key = q.dataset.slice(0, at);
  const version = Number(q.dataset.slice(at + 1));
  const warehouse = warehouseDataset(q.dataset);
  if (!warehouse) throw new AppError("validation_failed", `Unknown dataset ${q.dataset}`, { field: "dataset" });
  for (const name of ["state", "city", "role"] as const) {
    if (q.filters[name] !== undefined && !warehouse.filterColumns[name]) {
      throw new AppError("validation_failed", `${q.dataset} has no ${name} to filter on`, { field: `filters.${name}` });
    }
  }

  let ctx;
  try {
    ctx = await accessContext(actor.id, { key, version });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") throw new AppError("validation_failed", err.message, { field: "dataset" });
    throw err;
  }
  const { policy, scopes, accessVersion } = ctx;
  const verdicts = new Map(decideColumns(policy.columns, scopes).map((v) => [v.column.name, v]));
  const unknown = [...q.columns, ...q.unmask].filter((c) => !verdicts.has(c));
  if (unknown.length > 0) {
    const field = q.columns.includes(unknown[0]) ? "columns" : "unmask";
    throw new AppError("validation_failed", `Unknown column(s) of ${policy.ref}: ${[...new Set(unknown)].join(", ")}`, { field });
  }
  const notChosen = q.unmask.filter((c) => !q.columns.includes(c));
  if (notChosen.length > 0) throw new AppError("validation_failed", `Asked in clear but not chosen: ${notChosen.join(", ")}`, { field: "unmask" });

  const unmask = new Set(q.unmask);
  const approvalReasons: string[] = [];
  const columns: ExportColumnPlan[] = [...new Set(q.columns)].map((name) => {
    const v = verdicts.get(name)!;
    const c = v.column;
    const base = { name, label: c.label, tier: c.tier, rule: c.maskRule };
    const maskedOrWithheld = (reason: string): ExportColumnPlan =>
      isMask(c.maskRule)
        ? { ...base, treatment: "masked", reason: `${reason}; masked by ${c.maskRule} (${MASK_RULE_LABELS[c.maskRule]})` }
        : { ...base, treatment: "withheld", reason: `${reason}; withheld (its rule is ${c.maskRule})` };
    if (v.decision === "clear" && !ABOVE_BASIC(c.tier)) return { ...base, treatment: "clear", reason: v.reason };
    if (unmask.has(name)) {
      const why =
        v.decision === "clear"
          ? `${c.label} (${c.tier}) would leave unmasked above pii_basic`
          : `${c.label} (${c.tier}) asked in clear; your grants would ${v.decision === "masked" ? "mask" : "withhold"} it`;
      approvalReasons.push(why);
      return { ...base, treatment: "clear", reason: `In clear with a privacy admin's approval: ${why}` };
    }
    // The console may show it to this person (their grant), but a file is a copy that outlives the grant: above
    // pii_basic it leaves masked unless asked in clear and approved.
    if (v.decision === "clear") return maskedOrWithheld(`${v.reason}, but a file above pii_basic leaves masked unless approved in clear`);
    return v.decision === "masked" ? maskedOrWithheld(v.reason) : { ...base, treatment: "withheld", reason: v.reason };
  });

  const inFile = columns.filter((c) => c.treatment !== "withheld");
  if (inFile.length === 0)
    throw new AppError("validation_failed", "Every chosen column would be withheld: the file would be empty", { field: "columns" });
  const capTier = highestTier(inFile.map((c) => c.tier));
  const rowCap = env().exportRowCaps[capTier];
  const { count, capped } = await getWarehouse().countRows(q.dataset, q.filters, { cap: rowCap });

  return {
    datasetKey: key,
    datasetVersion: version,
    ref: policy.ref,
    columns,
    filters: q.filters,
    format: q.format,
    options: q.options,
    capTier,
    rowCap,
    rowEstimate: count,
    overCap: capped,
    approvalRequired: approvalReasons.length > 0,
    approvalReasons,
    policyVersion: POLICY_VERSION,
    accessVersion,
  };
}
