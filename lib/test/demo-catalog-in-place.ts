// Whether the console database already holds the demo catalog exactly as seedCatalog (lib/catalog/seed-catalog.ts)
// would leave it: every dataset and column of the definitions, with the same titles, labels, positions, tiers, rules
// and descriptions (rows the definitions do not name are left alone by the seed, so they are ignored here too).
// lib/test/setup.ts re-seeds only when this says no: two reads through the driver instead of a Prisma write
// transaction per dataset before every test file, which cost more than a second per file (decision 038).
import type { CatalogDatasetDef } from "@/lib/catalog/demo-catalog";
import type { DbTarget } from "@/lib/db/dialect";
import { queryRaw } from "@/lib/db/raw";

interface DatasetRow {
  id: string;
  key: string;
  version: number | string;
  title: string;
  description: string;
  record_id_column: string;
}

interface ColumnRow {
  dataset_id: string;
  name: string;
  label: string;
  position: number | string;
  tier: string;
  mask_rule: string;
  description: string;
}

export async function demoCatalogInPlace(target: DbTarget, defs: readonly CatalogDatasetDef[]): Promise<boolean> {
  const [datasets, columns] = [
    await queryRaw<DatasetRow>(target, "SELECT id, key, version, title, description, record_id_column FROM datasets"),
    await queryRaw<ColumnRow>(target, "SELECT dataset_id, name, label, position, tier, mask_rule, description FROM dataset_columns"),
  ];
  const dataset = new Map(datasets.map((d) => [`${d.key}@${Number(d.version)}`, d]));
  const column = new Map(columns.map((c) => [`${c.dataset_id}/${c.name}`, c]));
  return defs.every((def) => {
    const d = dataset.get(`${def.key}@${def.version}`);
    if (!d || d.title !== def.title || d.description !== def.description || d.record_id_column !== def.recordIdColumn) return false;
    return def.columns.every((c, position) => {
      const s = column.get(`${d.id}/${c.name}`);
      return (
        s !== undefined &&
        s.label === c.label &&
        Number(s.position) === position &&
        s.tier === c.tier &&
        s.mask_rule === c.maskRule &&
        s.description === c.description
      );
    });
  });
}
