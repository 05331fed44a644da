// `npm run bench [-- --json] [--only NAME,NAME]`: figures on the embedded default (SQLite, WAL, synchronous=FULL) in a
// throwaway data dir. Each figure carries, where one exists, its floor: the raw engine doing the same work in the same run.
// Figures only; nothing here asserts a time. The JSON shape is the contract in DESIGN.md §5 (README, Benchmarks).
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Prisma } from "@db-client";
import { floorDatabase } from "./bench/floor-db";
import { gatewayPgFigure } from "./bench/gateway-pg";

type Unit = "per_s" | "ms" | "mb" | "count";
interface Figure {
  value: number;
  unit: Unit;
  floor?: number;
  ratio?: number;
  note?: string;
}

// Names, once given, keep their meaning (DESIGN.md §5): add new ones, never repurpose these.
const FIGURE_NAMES = [
  "gateway_appends_per_s",
  "gateway_appends_per_s_pg",
  "export_csv_rows_per_s",
  "export_csv_rows_per_s_pg",
  "export_peak_rss_mb",
  "ingest_events_per_s",
  "ledger_appends_per_s",
  "ledger_page_query_p95_ms",
  "ledger_page_render_p95_ms",
  "lookup_p50_ms",
  "lookup_p95_ms",
  "lookup_p95_ms_10k_grants",
  "purge_rows_per_s",
  "purge_held_deleted",
  "scope_eval_p95_ms",
  "search_p95_ms",
  "search_p95_ms_1m",
  "sla_dashboard_render_ms",
  "sla_ingest_per_s",
  "trace_ms",
  "verify_ms",
  "verify_1m_ms",
  "verify_1m_peak_rss_mb",
] as const;
type FigureName = (typeof FIGURE_NAMES)[number];

const SEARCH_QUERIES = ["ma", "lo", "ch", "ro", "da"];
const WARMUP = 20;
const USAGE = "usage: npm run bench -- [--json] [--only NAME,NAME]";

function fail(reason: string): never {
  process.stderr.write(`bench: ${reason}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { json: boolean; only: Set<FigureName> } {
  let json = false;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (!value || value.startsWith("--")) fail(`--only needs a comma-separated list of figure names; ${USAGE}`);
      only = value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (only.length === 0) fail(`--only needs at least one figure name; ${USAGE}`);
    } else fail(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
  }
  const known = new Set<string>(FIGURE_NAMES);
  const unknown = (only ?? []).filter((n) => !known.has(n));
  if (unknown.length > 0) fail(`unknown figure name(s): ${unknown.join(", ")}; known: ${FIGURE_NAMES.join(", ")}`);
  return { json, only: new Set((only ?? FIGURE_NAMES) as FigureName[]) };
}

function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) fail(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

const args = parseArgs(process.argv.slice(2));
// Defaults are the sizes the issues name; BENCH_* shrink them for a quick local run.
const PEOPLE = sizeFromEnv("BENCH_PEOPLE", 50_000);
const PEOPLE_1M = sizeFromEnv("BENCH_PEOPLE_1M", 1_000_000);
const N = sizeFromEnv("BENCH_N", 2_000);
const SEARCHES = sizeFromEnv("BENCH_SEARCHES", 300);
const GRANTS = sizeFromEnv("BENCH_GRANTS", 10_000);
const VERIFY_N = sizeFromEnv("BENCH_VERIFY_N", 1_000_000);
const LEDGER_ENTRIES = sizeFromEnv("BENCH_LEDGER_ENTRIES", 1_000_000);
const EXPORT_ROWS = sizeFromEnv("BENCH_EXPORT_ROWS", 1_000_000);

// In JSON mode stdout carries the one JSON object and nothing else, whatever a library logs.
if (args.json) console.log = console.info = console.warn = (...a: unknown[]) => console.error(...a);
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-"));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
process.env.WARDEN_DATA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "warden.db")}`;
const warehouseFile = path.join(dir, "warehouse.db");
process.env.WAREHOUSE_URL = `file:${warehouseFile}`;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
/** Ratios span 0.001 to 10: three significant digits, never rounded to 0. */
const ratioOf = (numerator: number, denominator: number) => Number((numerator / denominator).toPrecision(3));
const count = (n: number) => n.toLocaleString("en-US");
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** A throughput: higher is better, so ratio = value / floor. */
const rateFigure = (value: number, floor: number, note: string): Figure => ({ value, unit: "per_s", floor, ratio: ratioOf(value, floor), note });
/** A time: lower is better, so ratio = floor / value (higher is better, as for rates). */
const timeFigure = (value: number, floor: number | undefined, note: string): Figure => ({
  value: round(value),
  unit: "ms",
  ...(floor === undefined ? {} : { floor: round(floor), ratio: ratioOf(floor, value) }),
  note,
});

async function main(): Promise<Partial<Record<FigureName, Figure>>> {
  const wants = (...names: FigureName[]) => names.some((n) => args.only.has(n));
  const { migrate } = await import("@/lib/db/migrate");
  const { dbTarget, disconnectDb } = await import("@/lib/db/client");
  const { closeRawHandles } = await import("@/lib/db/raw");
  const { generateDemoWarehouse } = await import("@/lib/warehouse/generate-demo-warehouse");
  const { openSqliteWarehouse, PEOPLE_COLUMNS } = await import("@/lib/warehouse/connector");
  const { seedCatalog } = await import("@/lib/catalog/seed-catalog");
  const { DEMO_CATALOG } = await import("@/lib/catalog/demo-catalog");
  const { createTestUser, grantScopes, testMeta } = await import("@/lib/test/fixtures");
  const { appendLedgerEntry } = await import("@/lib/ledger/append");
  const { sealEntry } = await import("@/lib/ledger/entry");
  const { toRow, LEDGER_COLUMNS } = await import("@/lib/ledger/row");
  const { getPerson } = await import("@/lib/people/get-person");
  const { searchPeople, SEARCH_LIMIT } = await import("@/lib/people/search-people");
  const { SEARCH_COLUMNS } = await import("@/lib/people/people-dataset");
  const { closeWarehouse } = await import("@/lib/warehouse/get-warehouse");
  const { describeFindings, verifyLedger } = await import("@/lib/ledger/verify");
  const { getDb } = await import("@/lib/db/client");
  const { newId } = await import("@/lib/core/ids");
  const { effectiveScopes } = await import("@/lib/scopes/effective-scopes");

  const figures: Partial<Record<FigureName, Figure>> = {};
  const target = dbTarget();
  if (target.dialect !== "sqlite") throw new Error("the bench runs on the embedded SQLite default");
  await migrate(target);
  await seedCatalog(DEMO_CATALOG);
  const analyst = await createTestUser("analyst", "bench");
  await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
  const purpose = "Benchmark run";
  let entriesWritten = false;

  /**
   * `total` grants: most spread over holders of ten each, in every state (active, past expiry but not yet ended,
   * expired, revoked, relinquished), some limited to datasets; a few dozen are the bench analyst's own history. The
   * analyst's own extra grants leave what they may see unchanged (ended ones, or more of the tiers they already
   * hold), so a look-up does the same work with or without them.
   */
  const seedBenchGrants = async (total: number) => {
    const db = getDb();
    const SCOPES = ["pii_basic", "pii_sensitive", "pii_tax", "background"] as const;
    const ENDED = ["expired", "revoked", "relinquished"] as const;
    const DATASETS = [
      null,
      null,
      '["marketplace.people@1"]',
      '["marketplace.bookings@1"]',
      '["marketplace.booking_legs@1","marketplace.bookings@1"]',
    ];
    const at = Date.now();
    const hour = 3_600_000;
    // The database holds `total` grants in all, counting the ones already there (the analyst's fixture grants).
    total -= await db.grant.count();
    const own = Math.min(60, total);
    const holders = Array.from({ length: Math.ceil((total - own) / 10) }, (_, i) => ({
      id: newId("usr"),
      email: `bench-holder-${i}@bench.warden`,
      name: `Bench holder ${i}`,
      role: "analyst",
    }));
    for (let i = 0; i < holders.length; i += 1000) await db.user.createMany({ data: holders.slice(i, i + 1000) });
    const rows: Prisma.GrantCreateManyInput[] = [];
    for (let i = 0; i < total; i++) {
      const mine = i < own;
      const kind = i % 10;
      // Holders: 4 in 10 active, 1 active past its expiry (the expiry job has not run), 5 ended.
      const active = mine ? kind >= 6 : kind < 5;
      const pastExpiry = !mine && kind === 4;
      const activatedAt = new Date(at - (1 + (i % 90)) * 24 * hour);
      const expiresAt = active && !pastExpiry ? new Date(at + (1 + (i % 30)) * 24 * hour) : new Date(at - (i % 48) * hour - 60_000);
      rows.push({
        id: newId("grt"),
        userId: mine ? analyst.id : holders[Math.floor((i - own) / 10)].id,
        scope: mine && active ? (i % 2 ? "pii_basic" : "pii_sensitive") : SCOPES[i % 4],
        status: active ? "active" : ENDED[i % 3],
        source: ["request", "direct", "break_glass"][i % 3],
        datasets: DATASETS[i % DATASETS.length],
        policyVersion: 1,
        reason: "Benchmark grant",
        activatedAt,
        expiresAt,
        endedAt: active ? null : expiresAt,
      });
    }
    for (let i = 0; i < rows.length; i += 1000) await db.grant.createMany({ data: rows.slice(i, i + 1000) });
    return {
      grants: await db.grant.count(),
      own: await db.grant.count({ where: { userId: analyst.id } }),
      remove: async () => {
        for (let i = 0; i < rows.length; i += 1000) await db.grant.deleteMany({ where: { id: { in: rows.slice(i, i + 1000).map((r) => r.id!) } } });
        for (let i = 0; i < holders.length; i += 1000)
          await db.user.deleteMany({ where: { id: { in: holders.slice(i, i + 1000).map((h) => h.id) } } });
      },
    };
  };

  const buildWarehouse = (size: number) => {
    progress(`building a ${count(size)}-people demo warehouse…`);
    let reported = 0;
    const built = generateDemoWarehouse({
      path: warehouseFile,
      size,
      seed: 42,
      onProgress: (done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth > reported) progress(`  ${(reported = tenth) * 10}%`);
      },
    });
    // The gateway's connector is cached per URL; the file under that URL was just replaced.
    return closeWarehouse().then(() => built);
  };

  /** The floor for appends: the same driver and pragmas, BEGIN IMMEDIATE per entry, the ledger's own sealing and hashing
   * over a person-view-shaped entry, into a table with the ledger's DDL, but no validation, gateway or Prisma. */
  const rawChainedInserter = (file: string) => {
    const raw = floorDatabase(dir, file, target.path, ["ledger_entries"]);
    const head = raw.prepare("SELECT seq, entry_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1");
    const insert = raw.prepare(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map((c) => "@" + c).join(", ")})`);
    const append = raw.transaction((recordId: string, i: number) => {
      const h = head.get() as { seq: number; entry_hash: string } | undefined;
      const entry = sealEntry(
        {
          actorId: analyst.id,
          actorRole: "analyst",
          action: "people.record_viewed",
          privacyTier: "pii_sensitive",
          resource: "marketplace.people@1",
          recordId,
          purpose,
          decision: "mask",
          columnsShown: ["person_id", "full_name", "email", "city", "state", "phone", "street_address", "postal_code", "date_of_birth"],
          columnsMasked: ["tin"],
          columnsDenied: ["payout_1099_cents", "background_check_status", "background_check_ref"],
          policyVersion: "1",
          requestId: `floor-${i}`,
          ipHash: null,
          uaHash: null,
          rowCount: 1,
          disclosedTier: "pii_sensitive",
          payload: { record_ids: [recordId] },
        },
        h ? { seq: h.seq, entryHash: h.entry_hash } : null,
      );
      insert.run(toRow(entry));
    });
    return { append: (recordId: string, i: number) => append.immediate(recordId, i), close: () => raw.close() };
  };

  const rawChainedInsertsPerSecond = (recordIds: readonly string[]) => {
    const floor = rawChainedInserter("floor.db");
    try {
      const started = performance.now();
      for (let i = 0; i < N; i++) floor.append(recordIds[i % recordIds.length], i);
      return perSecond(N, performance.now() - started);
    } finally {
      floor.close();
    }
  };

  const appendThroughLedger = async (n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      await appendLedgerEntry({
        actorId: analyst.id,
        actorRole: "analyst",
        action: "bench.appended",
        privacyTier: "none",
        resource: "bench",
        purpose: "bench",
        decision: "allow",
        requestId: `b${i}`,
        payload: { i },
      });
    }
    entriesWritten = true;
    return perSecond(n, performance.now() - started);
  };

  /** p95 of name searches through the gateway, and of the same searches on the raw connector, alternated so both see the same machine. */
  const searchFigure = async (size: number): Promise<Figure> => {
    const raw = openSqliteWarehouse(warehouseFile);
    try {
      const gateway: number[] = [];
      const floor: number[] = [];
      for (let i = -WARMUP; i < SEARCHES; i++) {
        const query = SEARCH_QUERIES[(i + WARMUP) % SEARCH_QUERIES.length];
        let t = performance.now();
        await raw.searchPeople(query, { limit: SEARCH_LIMIT, columns: SEARCH_COLUMNS });
        if (i >= 0) floor.push(performance.now() - t);
        t = performance.now();
        await searchPeople(analyst, { query, purpose }, testMeta());
        if (i >= 0) gateway.push(performance.now() - t);
      }
      entriesWritten = true;
      return timeFigure(
        percentile(gateway, 95),
        percentile(floor, 95),
        `name search through the gateway (${SEARCH_LIMIT} rows; ${SEARCH_QUERIES.join(", ")}), ${count(SEARCHES)} samples, ${count(size)} people; floor: the raw connector search`,
      );
    } finally {
      await raw.close();
    }
  };

  progress(`data dir ${dir}`);
  let peopleInWarehouse = 0;
  if (wants("gateway_appends_per_s", "gateway_appends_per_s_pg", "lookup_p50_ms", "lookup_p95_ms", "lookup_p95_ms_10k_grants", "search_p95_ms")) {
    peopleInWarehouse = (await buildWarehouse(PEOPLE)).people;
  }

  let rawAppends: number | undefined;
  // Without a warehouse (only ledger figures asked for) the floor's entries name made-up people: the bytes hashed are alike.
  let recordIds: string[] = Array.from({ length: 500 }, (_, i) => `usr_bench${String(i).padStart(8, "0")}`);
  if (peopleInWarehouse > 0) {
    // Spread over the whole table, not the first page of one index.
    const wh = new Database(warehouseFile, { readonly: true });
    const step = Math.max(1, Math.floor(peopleInWarehouse / 500));
    recordIds = (wh.prepare("SELECT person_id FROM people WHERE rowid % ? = 0 LIMIT 500").all(step) as Array<{ person_id: string }>).map(
      (r) => r.person_id,
    );
    wh.close();
  }
  if (wants("gateway_appends_per_s", "ledger_appends_per_s")) {
    progress(`raw chained-insert floor: ${count(N)} appends…`);
    rawAppends = rawChainedInsertsPerSecond(recordIds);
  }

  if (wants("ledger_appends_per_s")) {
    progress(`lib/ledger: ${count(N)} appends…`);
    const value = await appendThroughLedger(N);
    figures.ledger_appends_per_s = rateFigure(
      value,
      rawAppends!,
      `${count(N)} sequential appends via lib/ledger (validation, canonical JSON, chain); floor: raw chained insert, same sealing and hashing`,
    );
  }

  /**
   * Person views through the gateway and the raw SELECT by id, alternated so both see the same machine; with
   * `appendFloor`, a raw chained insert too (gateway_appends_per_s's floor: on a shared machine a floor measured a
   * minute earlier may have met a quieter or a busier disk).
   */
  const lookupSamples = async (appendFloor = false) => {
    const wh = new Database(warehouseFile, { readonly: true });
    const rawById = wh.prepare(`SELECT ${PEOPLE_COLUMNS.join(", ")} FROM people WHERE person_id = ?`);
    const inserter = appendFloor ? rawChainedInserter("floor-alternated.db") : null;
    const gateway: number[] = [];
    const floor: number[] = [];
    let appendFloorMs = 0;
    try {
      for (let i = -WARMUP; i < N; i++) {
        const personId = recordIds[(i + WARMUP) % recordIds.length];
        let t = performance.now();
        rawById.get(personId);
        if (i >= 0) floor.push(performance.now() - t);
        if (inserter) {
          t = performance.now();
          inserter.append(personId, i);
          if (i >= 0) appendFloorMs += performance.now() - t;
        }
        t = performance.now();
        await getPerson(analyst, { personId, purpose }, testMeta());
        if (i >= 0) gateway.push(performance.now() - t);
      }
    } finally {
      wh.close();
      inserter?.close();
    }
    entriesWritten = true;
    return { gateway, floor, appendFloor: inserter ? perSecond(N, appendFloorMs) : undefined };
  };

  // lookup_p95_ms_10k_grants is printed beside lookup_p95_ms from the same run, so asking for it measures both.
  if (wants("gateway_appends_per_s", "lookup_p50_ms", "lookup_p95_ms", "lookup_p95_ms_10k_grants")) {
    progress(`gateway: ${count(N)} person views…`);
    const { gateway, floor, appendFloor } = await lookupSamples(wants("gateway_appends_per_s"));
    const total = gateway.reduce((a, b) => a + b, 0);
    const lookupNote = `person view through the gateway, ${count(N)} samples, ${count(peopleInWarehouse)} people; floor: raw SELECT by person_id on the warehouse`;
    if (wants("gateway_appends_per_s")) {
      figures.gateway_appends_per_s = rateFigure(
        perSecond(N, total),
        appendFloor!,
        `${count(N)} sequential person views (grants, catalog, warehouse read, masking, ledger append); floor: raw chained insert, same sealing and hashing, alternated with the views (the separate floor run, as for ledger_appends_per_s: ${count(rawAppends!)}/s)`,
      );
    }
    if (wants("lookup_p50_ms")) figures.lookup_p50_ms = timeFigure(percentile(gateway, 50), percentile(floor, 50), lookupNote);
    if (wants("lookup_p95_ms", "lookup_p95_ms_10k_grants"))
      figures.lookup_p95_ms = timeFigure(percentile(gateway, 95), percentile(floor, 95), lookupNote);
  }

  if (wants("gateway_appends_per_s_pg")) {
    const pgFigure = await gatewayPgFigure({ dir, warehouseFile, n: N, progress });
    if ("absent" in pgFigure) progress(`gateway_appends_per_s_pg: absent, ${pgFigure.absent}`);
    else figures.gateway_appends_per_s_pg = rateFigure(pgFigure.value, pgFigure.floor, pgFigure.note);
  }

  if (wants("lookup_p95_ms_10k_grants", "scope_eval_p95_ms")) {
    progress(`${count(GRANTS)} grants in the console database…`);
    const seeded = await seedBenchGrants(GRANTS);
    const datasetRef = "marketplace.people@1";
    // The floor: the same question (which tiers does this user hold for this dataset, now) as one SQL query on the driver.
    const raw = new Database(target.path, { readonly: true });
    const rawScopes = raw.prepare(
      `SELECT DISTINCT scope FROM grants WHERE user_id = ? AND status = 'active' AND activated_at <= ? AND expires_at > ?
         AND (datasets IS NULL OR EXISTS (SELECT 1 FROM json_each(grants.datasets) WHERE json_each.value = ?))`,
    );
    // Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset; compare in the same form.
    const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
    try {
      const fromGateway = [...(await effectiveScopes(analyst.id, datasetRef))].sort();
      const fromSql = (rawScopes.all(analyst.id, sqliteTime(new Date()), sqliteTime(new Date()), datasetRef) as Array<{ scope: string }>)
        .map((r) => r.scope)
        .sort();
      if (fromGateway.join() !== fromSql.join())
        throw new Error(`scope evaluation and its floor disagree: ${fromGateway.join()} vs ${fromSql.join()}`);
      if (wants("scope_eval_p95_ms")) {
        progress(`scope evaluation: ${count(N)} samples…`);
        const evaluation: number[] = [];
        const floor: number[] = [];
        for (let i = -WARMUP; i < N; i++) {
          let t = performance.now();
          const at = sqliteTime(new Date());
          rawScopes.all(analyst.id, at, at, datasetRef);
          if (i >= 0) floor.push(performance.now() - t);
          t = performance.now();
          await effectiveScopes(analyst.id, datasetRef);
          if (i >= 0) evaluation.push(performance.now() - t);
        }
        figures.scope_eval_p95_ms = timeFigure(
          percentile(evaluation, 95),
          percentile(floor, 95),
          `the gateway's effective-scope evaluation for one user and ${datasetRef}, ${count(N)} samples, ${count(seeded.grants)} grants in the database (${count(seeded.own)} of them the user's own, most ended or limited to other datasets); floor: the same lookup as one raw SQL query on the driver`,
        );
      }
      if (wants("lookup_p95_ms_10k_grants")) {
        progress(`gateway: ${count(N)} person views with ${count(seeded.grants)} grants…`);
        const { gateway, floor } = await lookupSamples();
        const without = figures.lookup_p95_ms?.value;
        figures.lookup_p95_ms_10k_grants = timeFigure(
          percentile(gateway, 95),
          percentile(floor, 95),
          `person view through the gateway with ${count(seeded.grants)} grants in the database, ${count(N)} samples, ${count(peopleInWarehouse)} people; without them (lookup_p95_ms, this run): ${without} ms; floor: raw SELECT by person_id on the warehouse`,
        );
      }
    } finally {
      raw.close();
      // The later figures (search, verify) keep their meaning: measured without these grants.
      await seeded.remove();
    }
  }

  if (wants("search_p95_ms")) {
    progress(`search at ${count(peopleInWarehouse)} people: ${count(SEARCHES)} searches…`);
    figures.search_p95_ms = await searchFigure(peopleInWarehouse);
  }

  if (wants("search_p95_ms_1m")) {
    const built = await buildWarehouse(PEOPLE_1M);
    progress(`search at ${count(built.people)} people: ${count(SEARCHES)} searches…`);
    figures.search_p95_ms_1m = await searchFigure(built.people);
  }

  if (wants("verify_ms")) {
    if (!entriesWritten) {
      progress(`lib/ledger: ${count(N)} appends to verify…`);
      await appendThroughLedger(N);
    }
    progress("ledger verify…");
    const started = performance.now();
    const verified = await verifyLedger(target);
    const ms = performance.now() - started;
    if (!verified.ok) throw new Error(`ledger verify failed: ${describeFindings(verified).join("; ")}`);
    figures.verify_ms = timeFigure(ms, undefined, `${count(verified.count)} entries written in this run`);
  }

  if (wants("ingest_events_per_s")) {
    // After verify_ms, so that figure keeps its meaning (the entries the earlier figures wrote).
    const { ingestEventsFigure } = await import("./bench/ingest");
    figures.ingest_events_per_s = await ingestEventsFigure({
      dir,
      consoleDbPath: target.path,
      events: sizeFromEnv("BENCH_INGEST_EVENTS", 20_000),
      progress,
    });
  }

  if (wants("sla_ingest_per_s")) {
    const { slaIngestFigure } = await import("./bench/sla-ingest");
    figures.sla_ingest_per_s = await slaIngestFigure({
      dir,
      consoleDbPath: target.path,
      observations: sizeFromEnv("BENCH_SLA_INGEST_OBSERVATIONS", 50_000),
      progress,
    });
  }

  if (wants("trace_ms")) {
    const { traceFigure } = await import("./bench/trace");
    const t = await traceFigure({
      dir,
      exports: sizeFromEnv("BENCH_TRACE_EXPORTS", 1_000),
      samples: sizeFromEnv("BENCH_TRACE_SAMPLES", 20),
      progress,
    });
    figures.trace_ms = timeFigure(t.value, t.floor, t.note);
  }

  if (wants("verify_1m_ms", "verify_1m_peak_rss_mb")) {
    const { measureVerify1m } = await import("./bench/verify-1m");
    const m = await measureVerify1m(dir, VERIFY_N, progress);
    const what = `${count(m.verify.count)} entries, a signed checkpoint every 1,000, witness log checked; own process`;
    const cpu = `CPU time ${Math.round(m.verify.cpuMs)} ms, floor ${Math.round(m.floor.cpuMs)} ms`;
    figures.verify_1m_ms = timeFigure(
      m.verify.ms,
      m.floor.ms,
      `${what}; ${cpu}; floor: raw loop over the same rows as arrays checking the same hashes`,
    );
    figures.verify_1m_peak_rss_mb = {
      value: round(m.verify.rssMb, 1),
      unit: "mb",
      floor: round(m.floor.rssMb, 1),
      ratio: ratioOf(m.floor.rssMb, m.verify.rssMb),
      note: `peak RSS of the verify process (${what}); floor: the raw loop's process`,
    };
  }

  // After verify_ms: its build appends ledger entries.
  if (wants("export_csv_rows_per_s", "export_peak_rss_mb")) {
    const { exportCsvFigures } = await import("./bench/export-csv");
    Object.assign(
      figures,
      await exportCsvFigures({
        dir,
        rows: EXPORT_ROWS,
        reuseWarehouse: wants("search_p95_ms_1m") && PEOPLE_1M === EXPORT_ROWS ? warehouseFile : null,
        want: { rate: wants("export_csv_rows_per_s"), rss: wants("export_peak_rss_mb") },
        progress,
      }),
    );
  }

  if (wants("export_csv_rows_per_s_pg")) {
    const { withPgServer } = await import("./bench/gateway-pg");
    const { exportCsvPgFigure } = await import("./bench/export-csv");
    const got = await withPgServer(progress, (url) =>
      exportCsvPgFigure({ dir, url: `${url}${url.includes("?") ? "&" : "?"}schema=bench_export_warehouse`, rows: EXPORT_ROWS, progress }),
    );
    if ("absent" in got) progress(`export_csv_rows_per_s_pg: absent, ${got.absent}`);
    else figures.export_csv_rows_per_s_pg = got;
  }

  if (wants("purge_rows_per_s", "purge_held_deleted")) {
    const { purgeFigures } = await import("./bench/purge");
    const got = await purgeFigures({
      dir,
      rows: sizeFromEnv("BENCH_PURGE_ROWS", 1_000_000),
      held: sizeFromEnv("BENCH_PURGE_HELD", 10_000),
      progress,
    });
    if (wants("purge_rows_per_s")) figures.purge_rows_per_s = got.purge_rows_per_s;
    if (wants("purge_held_deleted")) figures.purge_held_deleted = got.purge_held_deleted;
  }

  if (wants("sla_dashboard_render_ms")) {
    const { slaDashboardFigure } = await import("./bench/sla-dashboard");
    const got = await slaDashboardFigure({ days: sizeFromEnv("BENCH_SLA_DAYS", 90), progress });
    if (got) figures.sla_dashboard_render_ms = timeFigure(got.value, got.floor, got.note);
  }

  // Last: it fills the ledger to LEDGER_ENTRIES, which would change what the figures above measure.
  if (wants("ledger_page_query_p95_ms", "ledger_page_render_p95_ms")) {
    const { ledgerPageFigures } = await import("./bench/ledger-page");
    const got = await ledgerPageFigures({
      entries: LEDGER_ENTRIES,
      queries: SEARCHES,
      wantQuery: wants("ledger_page_query_p95_ms"),
      wantRender: wants("ledger_page_render_p95_ms"),
      progress,
    });
    if (got.query) figures.ledger_page_query_p95_ms = timeFigure(got.query.value, got.query.floor, got.query.note);
    if (got.render) figures.ledger_page_render_p95_ms = timeFigure(got.render.value, got.render.floor, got.render.note);
  }

  await closeWarehouse();
  await disconnectDb();
  await closeRawHandles();
  // Same order as FIGURE_NAMES, whatever order they were measured in.
  return Object.fromEntries(FIGURE_NAMES.filter((n) => figures[n]).map((n) => [n, figures[n]])) as Partial<Record<FigureName, Figure>>;
}

function printTable(figures: Partial<Record<FigureName, Figure>>): void {
  const show = (f: Figure, n: number) => (f.unit === "per_s" ? `${count(n)}/s` : `${n.toFixed(f.unit === "ms" ? 2 : 0)} ${f.unit}`);
  const entries = Object.entries(figures) as Array<[FigureName, Figure]>;
  const rows = entries.map(([name, f]) => [
    name,
    show(f, f.value),
    f.floor === undefined ? "" : show(f, f.floor),
    f.ratio === undefined ? "" : String(f.ratio),
  ]);
  const header = ["figure", "value", "floor", "ratio"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("   ")
      .trimEnd();
  const out = [
    `Warden bench — SQLite (WAL, synchronous=FULL), node ${process.version}`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    "ratio: value / floor for rates, floor / value for times; higher is better. The floor is the raw engine doing the same work in this run.",
    "",
    ...entries.map(([name, f]) => `${name}: ${f.note ?? ""}`),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

main()
  .then((figures) => {
    cleanup();
    if (args.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else printTable(figures);
  })
  .catch((err: unknown) => {
    cleanup();
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
