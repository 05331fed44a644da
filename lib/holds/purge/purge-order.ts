// The order a run visits datasets in: a dataset's referencing datasets first (its `referencedBy` tables), so rows that
// point at a record are deleted before the record they point at becomes unreferenced (the retention predicate only
// lets an unreferenced record go).
import { WAREHOUSE_DATASETS, type WarehouseDataset } from "@/lib/warehouse/datasets";

export function purgeOrder(datasets: readonly WarehouseDataset[] = Object.values(WAREHOUSE_DATASETS)): WarehouseDataset[] {
  const byTable = new Map(datasets.map((d) => [d.table as string, d]));
  const out: WarehouseDataset[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (d: WarehouseDataset) => {
    if (state.get(d.ref) === "done") return;
    if (state.get(d.ref) === "visiting") throw new Error(`warehouse datasets reference each other in a cycle through ${d.ref}`);
    state.set(d.ref, "visiting");
    for (const r of d.referencedBy) {
      const referencing = byTable.get(r.table);
      if (referencing && referencing !== d) visit(referencing);
    }
    state.set(d.ref, "done");
    out.push(d);
  };
  for (const d of [...datasets].sort((a, b) => a.ref.localeCompare(b.ref))) visit(d);
  return out;
}
