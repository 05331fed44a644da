// export_csv_rows_per_s and export_peak_rss_mb (issue 8): a masked and fingerprinted CSV export of BENCH_EXPORT_ROWS
// (default 1,000,000) people × 12 columns (7 masked by 7 different rules, 5 clear, 1 withheld), built end to end by
// the `exports.build` code (file, fsync, SHA-256, zip with signed manifest, ledger entries), beside its floor: the raw
// dump of the same rows with the same driver (the same keyset SELECT in batches of 1,000, written with the same CSV
// writer, no masks, no fingerprint, no zip). The rows are written in the build process the job runner starts
// (lib/exports/build/build-process.ts), its start-up included. The peak RSS is measured on a real `warden jobs run`.
// The measuring function takes the connector and the raw dump, so another warehouse (PostgreSQL) reuses it.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "csv-stringify/sync";
import type { WarehouseConnector } from "@/lib/warehouse/connector";

/** The raw dump of the same rows into `file`; returns the number of rows written. */
export type RawDump = (file: string) => Promise<number>;

export interface ExportCsvMeasure {
  rows: number;
  ms: number;
  floorMs: number;
  rate: number;
  floorRate: number;
  bytes: number;
  /** CPU time (ms): the build process's, all its threads; the raw dump's (this process, one thread). */
  cpuMs: number | null;
  floorCpuMs: number;
  /** Encoder threads beside the build process's reading thread. */
  threads: number;
}

/** How the build's time compares with the floor's, CPU included: it may use more than one core (decision 027). */
export function cpuNote(m: ExportCsvMeasure): string {
  const cpu = m.cpuMs === null ? "" : `, build process CPU ${m.cpuMs} ms`;
  return `encoder threads: ${m.threads}${cpu}; floor CPU ${m.floorCpuMs} ms`;
}

/**
 * The export's build as the job runner runs it (rows counted through `warehouse`, written by a build process reading
 * `warehouseUrl`), then `rawDump`, each timed on the wall clock. The console DB must be migrated.
 */
export async function measureExportCsv(opts: {
  warehouse: WarehouseConnector;
  warehouseUrl: string;
  rawDump: RawDump;
  dir: string;
  progress: (m: string) => void;
}): Promise<ExportCsvMeasure> {
  const { createTestUser, testMeta } = await import("@/lib/test/fixtures");
  const { createApprovedExport } = await import("@/lib/exports/build/test-helpers");
  const { buildExport } = await import("@/lib/exports/build/build-export");
  const requester = await createTestUser("analyst", "bench-export");
  const id = await createApprovedExport({ requesterId: requester.id, purpose: "Benchmark run" });
  opts.progress("export_csv: building the masked, fingerprinted export…");
  let t = performance.now();
  const built = await buildExport(id, {
    meta: testMeta(),
    warehouse: opts.warehouse,
    processEnv: { ...process.env, WAREHOUSE_URL: opts.warehouseUrl },
  });
  const ms = performance.now() - t;
  if (!built.built) throw new Error(`the bench export was not built: ${built.skipped}`);
  opts.progress("export_csv: raw dump of the same rows…");
  t = performance.now();
  const cpu = process.cpuUsage();
  const floorRows = await opts.rawDump(path.join(opts.dir, "raw-dump.csv"));
  const floorMs = performance.now() - t;
  const floorCpu = process.cpuUsage(cpu);
  if (floorRows !== built.rows) throw new Error(`the raw dump wrote ${floorRows} rows, the export ${built.rows}`);
  return {
    rows: built.rows,
    ms,
    floorMs,
    rate: Math.round((built.rows / ms) * 1000),
    floorRate: Math.round((floorRows / floorMs) * 1000),
    bytes: built.bytes,
    cpuMs: built.buildProcessCpuMs ?? null,
    floorCpuMs: Math.round((floorCpu.user + floorCpu.system) / 1000),
    threads: (await import("@/lib/core/env")).env().exportEncodeThreads,
  };
}

/** The same columns as the export plan asks for (its 12 file columns: the withheld one is not read), record id first. */
async function planColumns(): Promise<string[]> {
  const { PEOPLE_PLAN } = await import("@/lib/exports/build/test-helpers");
  return PEOPLE_PLAN.filter((c) => c.treatment !== "withheld").map((c) => c.name);
}

/** The SQLite floor: better-sqlite3 (the connector's driver), the connector's keyset SELECT, csv-stringify per batch. */
export function sqliteRawDump(warehouseFile: string): RawDump {
  return async (file) => {
    const columns = await planColumns();
    const db = new Database(warehouseFile, { readonly: true });
    const fd = openSync(file, "w", 0o600);
    try {
      const select = columns.map((c) => `"${c}"`).join(", ");
      const first = db.prepare(`SELECT ${select} FROM people WHERE 1=1 ORDER BY "person_id" LIMIT ?`).raw();
      const next = db.prepare(`SELECT ${select} FROM people WHERE 1=1 AND "person_id" > ? ORDER BY "person_id" LIMIT ?`).raw();
      writeSync(fd, stringify([columns], { record_delimiter: "\r\n" }));
      let last: string | undefined;
      let n = 0;
      for (;;) {
        const rows = (last === undefined ? first.all(1000) : next.all(last, 1000)) as unknown[][];
        if (rows.length === 0) break;
        last = rows[rows.length - 1][0] as string;
        writeSync(fd, stringify(rows, { record_delimiter: "\r\n" }));
        n += rows.length;
        if (rows.length < 1000) break;
      }
      return n;
    } finally {
      closeSync(fd);
      db.close();
    }
  };
}

/**
 * The PostgreSQL floor: the same driver (`pg`) and the same server-side cursor the build reads through (the connector's
 * streamRows), the same CSV writer, no masks, no fingerprint, no zip.
 */
export function pgRawDump(warehouse: WarehouseConnector): RawDump {
  return async (file) => {
    const columns = await planColumns();
    const fd = openSync(file, "w", 0o600);
    try {
      writeSync(fd, stringify([columns], { record_delimiter: "\r\n" }));
      let n = 0;
      for await (const rows of warehouse.streamRows("marketplace.people@1", { columns, filters: {}, batchSize: 1000 })) {
        writeSync(fd, stringify(rows, { record_delimiter: "\r\n" }));
        n += rows.length;
      }
      return n;
    } finally {
      closeSync(fd);
    }
  };
}

/**
 * export_csv_rows_per_s_pg: the same build and floor with the warehouse on PostgreSQL (`url`, loaded here with `rows`
 * people by COPY; the console database stays the bench's).
 */
export async function exportCsvPgFigure(opts: { dir: string; url: string; rows: number; progress: (m: string) => void }): Promise<BenchFigure> {
  const count = (n: number) => n.toLocaleString("en-US");
  const { loadPgWarehousePeople } = await import("./warehouse-pg");
  const { openPgWarehouse } = await import("@/lib/warehouse/pg-connector");
  opts.progress(`export_csv_pg: loading ${count(opts.rows)} people into the PostgreSQL warehouse (COPY)…`);
  const loaded = await loadPgWarehousePeople(opts.url, opts.rows, { seed: 42 });
  const warehouse = openPgWarehouse(opts.url);
  try {
    await warehouse.countPeople(); // a warm pool, as a running server's
    const m = await measureExportCsv({ warehouse, warehouseUrl: opts.url, rawDump: pgRawDump(warehouse), dir: opts.dir, progress: opts.progress });
    return {
      value: m.rate,
      unit: "per_s",
      floor: m.floorRate,
      ratio: Number((m.rate / m.floorRate).toPrecision(3)),
      note: `${count(opts.rows)} people × 12 columns, PostgreSQL warehouse (loaded in ${Math.round(loaded.ms)} ms): the whole exports.build through the server-side cursor in ${Math.round(m.ms)} ms; floor: the same cursor and driver, same CSV writer, no masks (${Math.round(m.floorMs)} ms); ${cpuNote(m)}; goal >= 0.5`,
    };
  } finally {
    await warehouse.close();
  }
}

export interface ExportRss {
  /** The build process's lifetime peak RSS (start-up included), as the job runner started it. */
  peakMb: number;
  /** The `warden jobs run --once` process's lifetime peak while it ran the build, and with no export queued. */
  runnerPeakMb: number | null;
  runnerIdlePeakMb: number | null;
  /** Peak RSS of a child running the raw dump (sampled while it runs). */
  floorPeakMb: number;
  rows: number;
}

/** Runs the build through a real job runner, then the raw dump, each from a child of its own (export-csv-child.ts). */
export function measureExportPeakRss(opts: { dir: string; warehouseFile: string; progress: (m: string) => void }): ExportRss {
  const child = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ["--import", "tsx", "scripts/bench/export-csv-child.ts", mode, opts.dir, opts.warehouseFile], {
        env: {
          ...process.env,
          WARDEN_DATA_DIR: path.join(opts.dir, `export-rss-${mode}`),
          DATABASE_URL: `file:${path.join(opts.dir, `export-rss-${mode}`, "warden.db")}`,
          WAREHOUSE_URL: `file:${opts.warehouseFile}`,
        },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 20,
      }).toString(),
    ) as { peakMb: number; runnerPeakMb: number | null; runnerIdlePeakMb: number | null; rows: number };
  opts.progress("export_peak_rss: the build, run by `warden jobs run --once`…");
  const build = child("build");
  opts.progress("export_peak_rss: the raw dump in a child process…");
  const floor = child("floor");
  return {
    peakMb: build.peakMb,
    runnerPeakMb: build.runnerPeakMb,
    runnerIdlePeakMb: build.runnerIdlePeakMb,
    floorPeakMb: floor.peakMb,
    rows: build.rows,
  };
}

interface BenchFigure {
  value: number;
  unit: "per_s" | "mb";
  floor: number;
  ratio: number;
  note: string;
}

/**
 * Both figures on the SQLite warehouse. `reuseWarehouse`: a file the bench already generated with `rows` people (the
 * 1M search figure's); otherwise one is generated here.
 */
export async function exportCsvFigures(opts: {
  dir: string;
  rows: number;
  reuseWarehouse: string | null;
  want: { rate: boolean; rss: boolean };
  progress: (m: string) => void;
}): Promise<{ export_csv_rows_per_s?: BenchFigure; export_peak_rss_mb?: BenchFigure }> {
  const count = (n: number) => n.toLocaleString("en-US");
  const ratio = (a: number, b: number) => Number((a / b).toPrecision(3));
  let warehouseFile = opts.reuseWarehouse;
  if (!warehouseFile) {
    warehouseFile = path.join(opts.dir, "export-warehouse.db");
    opts.progress(`export_csv: a ${count(opts.rows)}-people warehouse…`);
    const { generateDemoWarehouse } = await import("@/lib/warehouse/generate-demo-warehouse");
    generateDemoWarehouse({ path: warehouseFile, size: opts.rows, seed: 42 });
  }
  const out: { export_csv_rows_per_s?: BenchFigure; export_peak_rss_mb?: BenchFigure } = {};
  const what = `${count(opts.rows)} people × 12 columns (7 masked by 7 rules incl. keyed token, 5 clear; 1 withheld, not read)`;
  if (opts.want.rate) {
    const { openSqliteWarehouse } = await import("@/lib/warehouse/connector");
    const warehouse = openSqliteWarehouse(warehouseFile);
    try {
      const m = await measureExportCsv({
        warehouse,
        warehouseUrl: `file:${warehouseFile}`,
        rawDump: sqliteRawDump(warehouseFile),
        dir: opts.dir,
        progress: opts.progress,
      });
      out.export_csv_rows_per_s = {
        value: m.rate,
        unit: "per_s",
        floor: m.floorRate,
        ratio: ratio(m.rate, m.floorRate),
        note: `${what}, SQLite warehouse: the whole exports.build (mask, fingerprint, CSV, fsync, SHA-256, zip with signed manifest, ledger) in ${Math.round(m.ms)} ms, ${count(m.bytes)} bytes; floor: raw dump of the same rows, same driver and keyset SELECT, same CSV writer (${Math.round(m.floorMs)} ms); ${cpuNote(m)}; goal >= 0.5`,
      };
    } finally {
      await warehouse.close();
    }
  }
  if (opts.want.rss) {
    const r = measureExportPeakRss({ dir: opts.dir, warehouseFile, progress: opts.progress });
    out.export_peak_rss_mb = {
      value: r.peakMb,
      unit: "mb",
      floor: r.floorPeakMb,
      ratio: ratio(r.floorPeakMb, r.peakMb),
      note: `lifetime peak RSS (start-up included) of the build process that \`warden jobs run --once\` starts for the CSV export of ${what} (decision 027, Memory); the runner itself: ${r.runnerPeakMb} MB peak while it ran the build, ${r.runnerIdlePeakMb} MB with no export queued; floor: peak RSS of a process running the raw dump; goal < 300 MB`,
    };
  }
  return out;
}
