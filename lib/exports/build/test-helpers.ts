// Test and bench helpers: an approved export row as the flow slice would leave it (plan frozen, job not enqueued).
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { now } from "@/lib/core/clock";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "@/lib/core/private-files";
import { generateSigner } from "@/lib/ledger/note";
import { signingKeySource } from "@/lib/ledger/signing-key";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import type { ExportColumnPlan, ExportFormat, ExportOptions, ExportFilters } from "../types";

const col = (
  name: string,
  tier: ExportColumnPlan["tier"],
  treatment: ExportColumnPlan["treatment"],
  rule: ExportColumnPlan["rule"],
): ExportColumnPlan => ({
  name,
  label: name.replace(/_/g, " "),
  tier,
  treatment,
  rule,
  reason: treatment === "clear" ? "test: clear" : treatment === "masked" ? `test: masked by ${rule}` : "test: withheld",
});

/** 12 file columns of marketplace.people@1 (plus one withheld): clear, and masked by seven different rules. */
export const PEOPLE_PLAN: ExportColumnPlan[] = [
  col("person_id", "none", "clear", "none"),
  col("role", "none", "clear", "none"),
  col("full_name", "pii_basic", "masked", "redact"),
  col("email", "pii_basic", "masked", "email"),
  col("city", "pii_basic", "clear", "redact"),
  col("state", "none", "clear", "none"),
  col("phone", "pii_sensitive", "masked", "show_last_4"),
  col("street_address", "pii_sensitive", "withheld", "withhold"),
  col("postal_code", "pii_sensitive", "masked", "zip3"),
  col("date_of_birth", "pii_sensitive", "masked", "year"),
  col("tin", "pii_tax", "masked", "token"),
  col("payout_1099_cents", "pii_tax", "masked", "round"),
  col("created_at", "none", "clear", "none"),
];

export async function createApprovedExport(a: {
  requesterId: string;
  format?: ExportFormat;
  columns?: ExportColumnPlan[];
  filters?: ExportFilters;
  options?: Partial<ExportOptions>;
  rowCap?: number;
  purpose?: string;
  datasetKey?: string;
}): Promise<string> {
  const id = newId("exp");
  const at = now();
  await getDb().export.create({
    data: {
      id,
      requesterId: a.requesterId,
      datasetKey: a.datasetKey ?? "marketplace.people",
      datasetVersion: 1,
      columns: JSON.stringify(a.columns ?? PEOPLE_PLAN),
      filters: JSON.stringify(a.filters ?? {}),
      format: a.format ?? "csv",
      purpose: a.purpose ?? "Quarterly payout reconciliation",
      options: JSON.stringify({ csvComment: true, exportIdColumn: false, ...a.options }),
      status: "approved",
      approvalRequired: false,
      approvalReasons: "[]",
      policyVersion: "7",
      accessVersion: 1,
      rowEstimate: 0,
      rowCap: a.rowCap ?? 10_000_000,
      createdAt: at,
      updatedAt: at,
    },
  });
  return id;
}

/**
 * On PostgreSQL the checkpoint key is never generated (an operator provides it); builds sign their manifest with it,
 * so the tests provide one, as an operator would, where the deployment looks for it.
 */
export function provideSigningKey(): void {
  const source = signingKeySource();
  if (source.inline || existsSync(source.file)) return;
  ensurePrivateDir(path.dirname(source.file));
  writeFileSync(source.file, `${generateSigner(source.name).skey}\n`, { mode: PRIVATE_FILE_MODE });
}
