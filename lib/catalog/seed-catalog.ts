// Writes catalog definitions into the console database. Idempotent: re-running updates labels, tiers and
// rules in place and never duplicates a dataset or column.
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { bumpAccessVersion } from "./access-version";
import type { CatalogDatasetDef } from "./demo-catalog";

export async function seedCatalog(defs: readonly CatalogDatasetDef[]): Promise<{ datasets: number; columns: number }> {
  const db = getDb();
  let columns = 0;
  for (const def of defs) {
    await db.$transaction(async (tx) => {
      const dataset = await tx.dataset.upsert({
        where: { key_version: { key: def.key, version: def.version } },
        create: {
          id: newId("dst"),
          key: def.key,
          version: def.version,
          title: def.title,
          description: def.description,
          recordIdColumn: def.recordIdColumn,
        },
        update: { title: def.title, description: def.description, recordIdColumn: def.recordIdColumn },
        select: { id: true },
      });
      for (const [position, c] of def.columns.entries()) {
        const data = { label: c.label, position, tier: c.tier, maskRule: c.maskRule, description: c.description };
        await tx.datasetColumn.upsert({
          where: { datasetId_name: { datasetId: dataset.id, name: c.name } },
          create: { id: newId("col"), datasetId: dataset.id, name: c.name, ...data },
          update: data,
        });
        columns++;
      }
      // A re-seed may reclassify a column: gateways must not keep deciding on the old tier.
      await bumpAccessVersion(tx);
    });
  }
  return { datasets: defs.length, columns };
}
