// The catalog as the Catalog page shows it (catalog.read, every role): each dataset key@version with its columns'
// tier, masking rule and the rule's label. The classification is not personal data; the values never appear here.
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { ZPrivacyTier } from "@/lib/core/schemas";
import type { PrivacyTier } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { MASK_RULE_LABELS, ZMaskRule, type MaskRule } from "@/lib/masking/mask";

export interface CatalogColumn {
  name: string;
  label: string;
  position: number;
  tier: PrivacyTier;
  maskRule: MaskRule;
  maskLabel: string;
  description: string;
}

export interface CatalogDataset {
  key: string;
  version: number;
  /** `key@version`. */
  ref: string;
  title: string;
  description: string;
  recordIdColumn: string;
  columns: CatalogColumn[];
}

export async function listCatalog(viewer: { role: Role }): Promise<CatalogDataset[]> {
  if (!can(viewer, "catalog.read")) throw new AppError("forbidden", "Reading the catalog needs the catalog.read permission");
  const datasets = await getDb().dataset.findMany({
    orderBy: [{ key: "asc" }, { version: "asc" }],
    select: {
      key: true,
      version: true,
      title: true,
      description: true,
      recordIdColumn: true,
      columns: { orderBy: { position: "asc" }, select: { name: true, label: true, position: true, tier: true, maskRule: true, description: true } },
    },
  });
  return datasets.map((d) => ({
    key: d.key,
    version: d.version,
    ref: `${d.key}@${d.version}`,
    title: d.title,
    description: d.description,
    recordIdColumn: d.recordIdColumn,
    columns: d.columns.map((c) => {
      const maskRule = ZMaskRule.parse(c.maskRule);
      return { ...c, tier: ZPrivacyTier.parse(c.tier), maskRule, maskLabel: MASK_RULE_LABELS[maskRule] };
    }),
  }));
}
