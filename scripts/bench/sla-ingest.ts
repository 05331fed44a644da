// Figure sla_ingest_per_s: SLA observations per second through the ingest path in batches of 5,000 (JSON parse, the
// per-item validation and unit conversion, the definitions read, and
// insertObservations: multi-row inserts plus the hourly rollups of every version in the same transaction), beside its
// floor in the same run: the same stored rows inserted into sla_observations (same DDL, a file of its own) on the
// same driver, several rows per INSERT, one transaction per batch, no retry detection and no rollups. Floor and measured
// batches alternate, so a shared machine's load weighs on both alike. The items cycle through the ten ingest kinds.
import { floorDatabase } from "./floor-db";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { currentSlaDefinitions } from "@/lib/sla/definitions/read-definitions";
import { ingestSlaObservations } from "@/lib/sla/ingest/ingest-sla-observations";
import { closeSlaIngestHandles, observationHash, type NewObservation } from "@/lib/sla/ingest/insert-observations";
import { toObservation, ZSlaObservationItem } from "@/lib/sla/ingest/items";

export interface SlaIngestFigure {
  value: number;
  unit: "per_s";
  floor: number;
  ratio: number;
  note: string;
}

const BATCH = 5_000;
const FLOOR_ROWS = 500;
const COLS = "sla_key, item_id, kind, subject, observed_at, window_start, value, good, total, detail, item_hash, source, received_at";

/** n items of every ingest kind in turn, spread over the last day so they land in many hourly buckets. */
function makeItems(n: number, batch: number): Array<Record<string, unknown>> {
  const end = Date.now() - 60_000;
  const at = (i: number, back = 0) => new Date(end - ((i * 17_281) % 86_400_000) - back).toISOString();
  const day = (i: number) => at(i, 86_400_000).slice(0, 10);
  return Array.from({ length: n }, (_, i) => {
    const id = `b${batch}-${i}`;
    switch (i % 10) {
      case 0:
        return {
          id,
          sla: "platform.pipeline_success",
          kind: "pipeline_run",
          pipeline: `p${i % 40}`,
          run_id: `r${i}`,
          started_at: at(i, 300_000),
          finished_at: at(i),
          status: i % 997 ? "success" : "failure",
        };
      case 1:
        return {
          id,
          sla: "ops.silver_freshness",
          kind: "freshness",
          table: `ops_silver.t${i % 25}`,
          sampled_at: at(i),
          lag: { value: (i % 1200) / 1.7, unit: "s" },
        };
      case 2:
        return { id, sla: "finance.gold_close", kind: "daily_close", dataset: `gold_${i % 7}`, business_date: day(i), closed_at: at(i) };
      case 3:
        return {
          id,
          sla: "finance.reconciliation_variance",
          kind: "reconciliation",
          ledger: `gl${i % 5}`,
          business_date: day(i),
          reconciled_at: at(i),
          variance: { value: (i % 90) / 100, unit: "percent" },
        };
      case 4:
        return {
          id,
          sla: "platform.schema_dq",
          kind: "dq_check",
          check: `c${i % 60}`,
          run_id: `dq${i}`,
          checked_at: at(i),
          result: i % 1500 ? "pass" : "fail",
        };
      case 5:
        return {
          id,
          sla: "platform.event_loss",
          kind: "event_counts",
          stream: `s${i % 12}`,
          window: { start: at(i, 300_000), end: at(i) },
          source_count: 5000 + (i % 50),
          sink_count: 5000 + (i % 50),
        };
      case 6:
        return {
          id,
          sla: "bi.core_tile_p95",
          kind: "bi_latency",
          tile: `tile_${i % 30}`,
          window: { start: at(i, 300_000), end: at(i) },
          unit: "ms",
          buckets: [
            { le: 250, count: 200 + (i % 50) },
            { le: 1000, count: 380 + (i % 50) },
            { le: 2500, count: 420 + (i % 50) },
            { le: 5000, count: 438 + (i % 50) },
            { le: 10000, count: 440 + (i % 50) },
            { le: "+Inf", count: 441 + (i % 50) },
          ],
        };
      case 7:
        return {
          id,
          sla: "finance.warehouse_cost",
          kind: "spend",
          account: `acct_${i % 9}`,
          day: day(i),
          amount_minor: 100_000 + i,
          currency: "USD",
        };
      case 8:
        return {
          id,
          sla: "bi.tile_catalog_refs",
          kind: "tile_refs",
          dashboard: `d${i % 20}`,
          scanned_at: at(i),
          tiles_total: 24,
          tiles_referencing: 24,
        };
      default:
        return {
          id,
          sla: "governance.pii_access_logged",
          kind: "access_report",
          source: `sys${i % 4}`,
          window: { start: at(i, 3_600_000), end: at(i) },
          reported: 1000 + i,
        };
    }
  });
}

export async function slaIngestFigure(opts: {
  dir: string;
  consoleDbPath: string;
  observations: number;
  progress: (m: string) => void;
}): Promise<SlaIngestFigure> {
  const batches = Math.max(2, Math.ceil(opts.observations / BATCH));
  const caller = { tokenId: `tok_bench${randomUUID().slice(0, 8)}`, tokenName: "bench-sla" };
  const bodies = Array.from({ length: batches + 1 }, (_, b) => JSON.stringify({ observations: makeItems(BATCH, b) }));

  // The floor's rows: the same items converted outside the clock (what the ingest stores).
  const zones = new Map((await currentSlaDefinitions()).map((d) => [d.key, d.timeZone]));
  const rowsOf = (body: string, receivedAt: string): unknown[][] =>
    (JSON.parse(body) as { observations: unknown[] }).observations.map((raw) => {
      const item = ZSlaObservationItem.parse(raw);
      const check = toObservation(item, { at: Date.now(), timeZone: zones.get(item.sla) ?? "UTC", tokenName: caller.tokenName });
      if (!check.ok) throw new Error(`sla ingest bench: item refused (${check.field}: ${check.reason})`);
      const o: NewObservation = check.obs;
      const t = (d: Date) => d.toISOString().replace("Z", "+00:00");
      return [
        o.slaKey,
        o.itemId,
        o.kind,
        o.subject,
        t(o.observedAt),
        o.windowStart ? t(o.windowStart) : null,
        o.value,
        o.good,
        o.total,
        o.detail === null ? null : JSON.stringify(o.detail),
        observationHash(o),
        "bench",
        receivedAt,
      ];
    });

  const raw = floorDatabase(opts.dir, "sla-ingest-floor.db", opts.consoleDbPath, ["sla_observations"]);
  let floorMs = 0;
  let ms = 0;
  try {
    const insertMany = raw.prepare(
      `INSERT INTO sla_observations (${COLS}) VALUES ${Array.from(
        { length: FLOOR_ROWS },
        () =>
          `(${COLS.split(",")
            .map(() => "?")
            .join(", ")})`,
      ).join(", ")}`,
    );
    const floorBatch = raw.transaction((rows: unknown[][]) => {
      for (let i = 0; i < rows.length; i += FLOOR_ROWS) insertMany.run(rows.slice(i, i + FLOOR_ROWS).flat());
    });
    const now = new Date().toISOString().replace("Z", "+00:00");
    const prepared = bodies.map((b) => rowsOf(b, now));

    const ingest = async (body: string) => {
      const parsed = JSON.parse(body) as { observations: unknown[] };
      const out = await ingestSlaObservations(caller, parsed.observations);
      if (out.accepted !== BATCH)
        throw new Error(`sla ingest bench: ${out.rejected} rejected (${JSON.stringify(out.results.find((r) => r.status === "rejected"))})`);
    };

    opts.progress(`sla ingest: ${batches} batches of ${BATCH} through lib/sla/ingest, each beside a raw floor batch…`);
    floorBatch.immediate(prepared[0]); // warm-up
    await ingest(bodies[0]);
    for (let b = 1; b <= batches; b++) {
      let t = performance.now();
      floorBatch.immediate(prepared[b]);
      floorMs += performance.now() - t;
      t = performance.now();
      await ingest(bodies[b]);
      ms += performance.now() - t;
    }
  } finally {
    raw.close();
    closeSlaIngestHandles();
  }

  const n = batches * BATCH;
  const value = Math.round((n / ms) * 1000);
  const floor = Math.round((n / floorMs) * 1000);
  return {
    value,
    unit: "per_s",
    floor,
    ratio: Number((value / floor).toPrecision(3)),
    note: `${n.toLocaleString("en-US")} observations of the ten ingest kinds in batches of ${BATCH} (JSON parse, per-item validation and unit conversion, multi-row insert with retry detection and hourly rollups of every version in one transaction); floor: the same stored rows inserted on the raw driver, ${FLOOR_ROWS} per INSERT, one transaction per batch, alternating with the measured batches`,
  };
}
