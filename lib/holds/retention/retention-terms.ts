// What a retention policy edit must say, and how it is checked (decision 032): days from one of the dataset's date
// columns, the legal basis in words, and longer retention in the states that need it. One schema for the screen,
// the domain verb and the demo defaults.
import { z } from "zod";
import { warehouseDataset, type WarehouseDataset } from "@/lib/warehouse/datasets";
import { ZStateOverrides } from "../types";

export const RETENTION_POLICY_CHANGED = "retention.policy_changed";

export const RETENTION_LIMITS = { minDays: 1, maxDays: 36_500, legalBasisMin: 10, legalBasisMax: 2_000 } as const;

/** The 50 states and DC: an override names the jurisdiction whose law asks for longer retention. */
export const US_STATE_CODES = [
  "AK",
  "AL",
  "AR",
  "AZ",
  "CA",
  "CO",
  "CT",
  "DC",
  "DE",
  "FL",
  "GA",
  "HI",
  "IA",
  "ID",
  "IL",
  "IN",
  "KS",
  "KY",
  "LA",
  "MA",
  "MD",
  "ME",
  "MI",
  "MN",
  "MO",
  "MS",
  "MT",
  "NC",
  "ND",
  "NE",
  "NH",
  "NJ",
  "NM",
  "NV",
  "NY",
  "OH",
  "OK",
  "OR",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "UT",
  "VA",
  "VT",
  "WA",
  "WI",
  "WV",
  "WY",
] as const;

/**
 * The columns a policy may count from: the dataset's date column (datasets.ts names one per dataset, the time a record
 * came to be). Anything else (a birth date, a free-text field) would make "N days" mean something no one signed off.
 */
export function retentionDateColumns(dataset: WarehouseDataset): string[] {
  return [dataset.dateColumn];
}

const ZDays = z
  .number({ error: "Give the number of days to keep records" })
  .int("Give a whole number of days")
  .min(RETENTION_LIMITS.minDays, "Days must be 1 or more: a retention period cannot be negative or zero")
  .max(RETENTION_LIMITS.maxDays, `Days must be at most ${RETENTION_LIMITS.maxDays} (100 years)`);

export const ZRetentionPolicyEdit = z
  .object({
    dataset: z
      .string({ error: "Name the dataset as key@version" })
      .trim()
      .refine((ref) => warehouseDataset(ref) !== null, "Choose a dataset of the warehouse (key@version)"),
    days: ZDays,
    dateColumn: z.string({ error: "Choose the date column to count from" }).trim().min(1, "Choose the date column to count from"),
    legalBasis: z
      .string({ error: "Give the legal basis" })
      .trim()
      .min(RETENTION_LIMITS.legalBasisMin, `Give the legal basis in at least ${RETENTION_LIMITS.legalBasisMin} characters`)
      .max(RETENTION_LIMITS.legalBasisMax, `Keep the legal basis under ${RETENTION_LIMITS.legalBasisMax} characters`),
    // Keys checked here first: zod's own message for a bad record key ("Invalid key in record") does not say which
    // key or why. The result is then the shared ZStateOverrides, so the stored shape has one definition.
    stateOverrides: z
      .record(z.string(), z.number({ error: "Give each state's days as a whole number" }))
      .superRefine((overrides, ctx) => {
        for (const state of Object.keys(overrides)) {
          if (!/^[A-Z]{2}$/.test(state)) ctx.addIssue({ code: "custom", message: `${state}: state codes are two capital letters, e.g. CA` });
          else if (!(US_STATE_CODES as readonly string[]).includes(state)) {
            ctx.addIssue({ code: "custom", message: `${state} is not a US state code (e.g. CA, IL, NY)` });
          }
        }
      })
      .pipe(ZStateOverrides)
      .default({}),
    /** The version the editor saw; an edit made on an older one is refused rather than silently overwriting. */
    baseVersion: z.number().int().min(0).optional(),
  })
  .superRefine((e, ctx) => {
    const dataset = warehouseDataset(e.dataset);
    if (dataset && !retentionDateColumns(dataset).includes(e.dateColumn)) {
      ctx.addIssue({
        code: "custom",
        path: ["dateColumn"],
        message: `${e.dateColumn} is not a date column of ${e.dataset}: count from ${retentionDateColumns(dataset).join(" or ")}`,
      });
    }
    for (const [state, days] of Object.entries(e.stateOverrides)) {
      if (days <= e.days) {
        // retentionCutoffs ignores it anyway (the longest applicable retention wins): saying so beats storing a no-op.
        ctx.addIssue({
          code: "custom",
          path: ["stateOverrides"],
          message: `The ${state} override (${days} days) is not longer than the policy's ${e.days} days; the longest retention wins, so it would never apply`,
        });
      }
    }
  });
export type TRetentionPolicyEdit = z.input<typeof ZRetentionPolicyEdit>;

/** `"IL=3653, NY=2922"` (the form's text) → `{ IL: 3653, NY: 2922 }`; a malformed pair becomes an entry the schema refuses. */
export function parseStateOverrides(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,;\n]/)) {
    const item = part.trim();
    if (!item) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(-?\d+(?:\.\d+)?)$/.exec(item);
    // Kept as given (upper-cased), so the refusal names what was typed instead of silently dropping it.
    out[m ? m[1].toUpperCase() : item.toUpperCase()] = m ? Number(m[2]) : Number.NaN;
  }
  return out;
}

/** `{ IL: 3653 }` → `"IL=3653"`, states in order. */
export function formatStateOverrides(overrides: Record<string, number>): string {
  return Object.entries(overrides)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, days]) => `${state}=${days}`)
    .join(", ");
}
