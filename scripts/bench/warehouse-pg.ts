// The PostgreSQL warehouse's side of export_csv_rows_per_s_pg: loading N people quickly (COPY, the demo generator's rows,
// so the SQLite and PostgreSQL figures read identical data), and the floor the export figure is compared with: the raw
// dump rate of the same columns through the same driver and the same server-side cursor, with no masking and no writer.
import { performance } from "node:perf_hooks";
import { DEFAULT_DEMO_SEED } from "@/lib/warehouse/generate-demo-warehouse";
import { generateDemoWarehousePg } from "@/lib/warehouse/generate-demo-warehouse-pg";
import { openPgWarehouse } from "@/lib/warehouse/pg-connector";

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

/**
 * Streams every row of `dataset` (default `marketplace.people@1`) with `columns` (the record id comes first in any case)
 * through `openPgWarehouse(url).streamRows`, i.e. `pg` and the server-side cursor an export build reads through, and
 * only counts them. `rowsPerS` is the floor of export_csv_rows_per_s_pg.
 */
export async function measurePgRawDump(
  url: string,
  opts: { columns: readonly string[]; dataset?: string; batchSize?: number },
): Promise<{ rows: number; ms: number; rowsPerS: number }> {
  const warehouse = openPgWarehouse(url);
  try {
    await warehouse.countPeople(); // connects, so the timing starts with a warm pool as a build's would
    let rows = 0;
    let cells = 0;
    const started = performance.now();
    for await (const batch of warehouse.streamRows(opts.dataset ?? "marketplace.people@1", {
      columns: opts.columns,
      filters: {},
      batchSize: opts.batchSize,
    })) {
      rows += batch.length;
      cells += batch.length * (batch[0]?.length ?? 0);
    }
    const ms = performance.now() - started;
    if (cells < rows) throw new Error("raw dump returned rows without values");
    return { rows, ms: Math.round(ms), rowsPerS: Math.round(rows / (ms / 1000)) };
  } finally {
    await warehouse.close();
  }
}
