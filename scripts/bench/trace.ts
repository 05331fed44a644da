// trace_ms (issue 8, decision 025): the leak tracer on a 50-row excerpt (columns shuffled, header gone) of one of
// BENCH_TRACE_EXPORTS (default 1,000) exports of people, through traceLeak as the console runs it (candidates from the
// database, both channels, the ledger entry). Median of BENCH_TRACE_SAMPLES runs. Floor: reading the same excerpt into
// cells (readSuspectFile), same run: the work any tracer does before it can look for a fingerprint.
import path from "node:path";
import { performance } from "node:perf_hooks";

export interface TraceFigure {
  value: number;
  floor: number;
  note: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function traceFigure(opts: { dir: string; exports: number; samples: number; progress: (m: string) => void }): Promise<TraceFigure> {
  const { generateDemoWarehouse } = await import("@/lib/warehouse/generate-demo-warehouse");
  const fixtures = await import("@/lib/exports/trace/trace-fixtures");
  const { readSuspectFile } = await import("@/lib/exports/trace/read-suspect");
  const { traceLeak } = await import("@/lib/exports/trace/trace-leak");
  const { createTestUser, testMeta } = await import("@/lib/test/fixtures");

  const warehouse = path.join(opts.dir, "trace-warehouse.db");
  generateDemoWarehouse({ path: warehouse, size: 1000, seed: 8 });
  opts.progress(`trace: ${opts.exports.toLocaleString("en-US")} exports of people…`);
  const ids = await fixtures.createTraceExports(opts.exports, "bench-trace");
  const admin = await createTestUser("privacy_admin", "bench-tracer");
  const source = fixtures.readPeopleRows(warehouse);
  const rand = fixtures.prng(2026);
  const leaked = ids[Math.floor(rand() * ids.length)];
  const bytes = new TextEncoder().encode(fixtures.toCsv(fixtures.excerpt(fixtures.exportRows(leaked, source), 50, rand).rows));

  const times: number[] = [];
  const floors: number[] = [];
  let candidates = 0;
  for (let i = -2; i < opts.samples; i++) {
    let t = performance.now();
    await readSuspectFile(bytes);
    if (i >= 0) floors.push(performance.now() - t);
    t = performance.now();
    const report = await traceLeak({ actor: admin, meta: testMeta() }, { source: { kind: "file", bytes } });
    if (i >= 0) times.push(performance.now() - t);
    if (report.attributed.length !== 1 || report.attributed[0] !== leaked)
      throw new Error(`trace bench: the excerpt was attributed to ${report.attributed.join(", ") || "nothing"}, not ${leaked}`);
    candidates = report.candidates;
  }
  return {
    value: median(times),
    floor: median(floors),
    note: `traceLeak on a 50-row CSV excerpt (columns shuffled, no header; 2 token columns, created_at marked) among ${candidates.toLocaleString("en-US")} candidate exports, median of ${opts.samples} runs, each ledgered; floor: reading the same excerpt into cells (csv-parse)`,
  };
}
