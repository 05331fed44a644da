// The PostgreSQL warehouse's side of export_csv_rows_per_s_pg: loading N people quickly (COPY, the demo generator's rows,
// so the SQLite and PostgreSQL figures read identical data). The figure and its floor: scripts/bench/export-csv.ts.
import { DEFAULT_DEMO_SEED } from "@/lib/warehouse/generate-demo-warehouse";
import { generateDemoWarehousePg } from "@/lib/warehouse/generate-demo-warehouse-pg";

/**
 * Builds the demo warehouse of `people` people (plus about people/2 bookings and their legs) at `url`
 * (`postgresql://…[?schema=name]`, default schema `warehouse`), replacing the one there. Same seed ⇒ the rows of
 * `generateDemoWarehouse`, so a SQLite warehouse of the same size and seed holds the same rows.
 */
export async function loadPgWarehousePeople(
  url: string,
  people: number,
  opts: { seed?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ people: number; bookings: number; legs: number; ms: number }> {
  return generateDemoWarehousePg({ url, size: people, seed: opts.seed ?? DEFAULT_DEMO_SEED, onProgress: opts.onProgress });
}
