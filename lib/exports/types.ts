// Shapes every part of exports shares (issue 8, docs/decisions/024-exports.md): states, formats, the column plan
// frozen at submission, filters and options. Pure: no database, no env.
import { z } from "zod";
import { ZMaskRule, type MaskRule } from "@/lib/masking/mask";
import { ZPrivacyTier } from "@/lib/core/schemas";
import type { PrivacyTier } from "@/lib/core/tiers";
import type { RowFilters } from "@/lib/warehouse/datasets";

export const EXPORT_STATUSES = ["draft", "pending_approval", "approved", "building", "ready", "expired", "denied", "failed", "cancelled"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ZExportFormat = z.enum(EXPORT_FORMATS);

/** How one column leaves in the file: in clear, masked by `rule`, or withheld (not in the file at all). */
export type ColumnTreatment = "clear" | "masked" | "withheld";

export interface ExportColumnPlan {
  name: string;
  label: string;
  tier: PrivacyTier;
  treatment: ColumnTreatment;
  /** The catalog's rule for the column; applied only when `treatment` is "masked". */
  rule: MaskRule;
  /** Why the column leaves this way, in words a user reads in the preview. */
  reason: string;
}

export const ZExportColumnPlan = z.object({
  name: z.string(),
  label: z.string(),
  tier: ZPrivacyTier,
  treatment: z.enum(["clear", "masked", "withheld"]),
  rule: ZMaskRule,
  reason: z.string(),
});

/** Row filters: the warehouse's (lib/warehouse/datasets.ts says which filters a dataset has). */
export type ExportFilters = RowFilters;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "is not a real date");

export const ZExportFilters = z
  .object({
    from: day.optional(),
    to: day.optional(),
    state: z.string().trim().min(1).max(64).optional(),
    city: z.string().trim().min(1).max(128).optional(),
    role: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be after the end date", path: ["from"] });

export interface ExportOptions {
  /** CSV only: the first line is `# CONFIDENTIAL …` (default true). */
  csvComment: boolean;
  /** An `_export_id` column in every row (default false). */
  exportIdColumn: boolean;
}

export const ZExportOptions = z.object({ csvComment: z.boolean().default(true), exportIdColumn: z.boolean().default(false) }).strict();

/** An export as every module reads it (the `exports` row with its JSON fields parsed). */
export interface ExportRecord {
  id: string;
  requesterId: string;
  datasetKey: string;
  datasetVersion: number;
  columns: ExportColumnPlan[];
  filters: ExportFilters;
  format: ExportFormat;
  purpose: string;
  options: ExportOptions;
  status: ExportStatus;
  approvalRequired: boolean;
  approvalReasons: string[];
  policyVersion: string;
  accessVersion: number;
  rowEstimate: number;
  rowCap: number;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  rowsWritten: number;
  rowsTotal: number | null;
  buildAttempts: number;
  buildStartedAt: Date | null;
  readyAt: Date | null;
  fileName: string | null;
  fileSha256: string | null;
  fileBytes: number | null;
  rowCount: number | null;
  expiresAt: Date | null;
  fileDeletedAt: Date | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}
