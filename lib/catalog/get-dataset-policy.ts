// Reads one dataset's column classification from the catalog: the policy the gateway enforces.
import { AppError } from "@/lib/core/errors";
import { ZPrivacyTier } from "@/lib/core/schemas";
import type { PrivacyTier } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { ZMaskRule, type MaskRule } from "@/lib/masking/mask";

export interface ColumnPolicy {
  name: string;
  label: string;
  tier: PrivacyTier;
  maskRule: MaskRule;
}

export interface DatasetPolicy {
  key: string;
  version: number;
  /** `key@version`, the name the ledger records. */
  ref: string;
  recordIdColumn: string;
  columns: ColumnPolicy[];
}

export async function getDatasetPolicy(key: string, version: number): Promise<DatasetPolicy> {
  const dataset = await getDb().dataset.findUnique({
    where: { key_version: { key, version } },
    select: {
      key: true,
      version: true,
      recordIdColumn: true,
      columns: { select: { name: true, label: true, tier: true, maskRule: true }, orderBy: { position: "asc" } },
    },
  });
  if (!dataset) throw new AppError("not_found", `Dataset ${key}@${version} is not in the catalog`);
  return {
    key: dataset.key,
    version: dataset.version,
    ref: `${dataset.key}@${dataset.version}`,
    recordIdColumn: dataset.recordIdColumn,
    // Parsed, not cast: an unknown tier in the catalog must fail closed, not be treated as `none`.
    columns: dataset.columns.map((c) => ({ name: c.name, label: c.label, tier: ZPrivacyTier.parse(c.tier), maskRule: ZMaskRule.parse(c.maskRule) })),
  };
}
