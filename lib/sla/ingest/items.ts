// The public shape of one SLA observation as other systems report it (POST /api/v1/sla/observations, decision 035),
// and its conversion to the stored form of lib/sla/types.ts's table. Every quantity carries its unit in the item
// (freshness lag s|ms|min, histogram bounds ms|s, variance percent|ratio|bp, money in minor units with its currency):
// a bare number is refused, because "15" minutes read as seconds would silently pass a freshness SLA.
import { p95FromBuckets } from "@/lib/sla/math/histogram";
import { DateTime } from "luxon";
import { z } from "zod";
import type { IngestKind } from "@/lib/sla/types";
import type { NewObservation } from "./insert-observations";

/** Timestamps may lead the server's clock by this much (clock skew between systems), no more. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Observations older than this are refused: no SLA window reaches that far back and it is most likely a bug. */
export const MAX_AGE_DAYS = 400;
/** The currency every spend definition's budget (its threshold, in minor units) is kept in. */
export const BUDGET_CURRENCY = "USD";

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,127}$/;
const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9_.:@/ -]{0,199}$/;

const instant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with its zone, e.g. 2026-11-29T06:00:00Z" });
const subject = (what: string) =>
  z.string({ error: `give the ${what}` }).regex(SUBJECT, { error: `must be a ${what} name (letters, digits, _ . : @ / - and spaces, up to 200)` });
const count = z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(0, { error: "must not be negative" });
const businessDate = z.iso.date({ error: "must be a date, YYYY-MM-DD" });
const window = z.strictObject({ start: instant, end: instant }, { error: "must be { start, end } with ISO-8601 date-times" });

const base = {
  id: z.string({ error: "give the item's id (your idempotency key)" }).regex(ID, {
    error: "must be 1–128 characters: letters, digits and _ . : @ / - (your idempotency key)",
  }),
  sla: z.string(),
};

export const ZPipelineRunItem = z
  .strictObject({
    ...base,
    kind: z.literal("pipeline_run"),
    pipeline: subject("pipeline"),
    run_id: z.string().regex(ID, { error: "must be the run's id (letters, digits, _ . : @ / -)" }),
    started_at: instant,
    finished_at: instant,
    status: z.enum(["success", "failure"], { error: "must be success or failure" }),
  })
  .meta({
    id: "SlaPipelineRun",
    description: "One finished pipeline run. Stored: duration in seconds; success counts as good.",
    examples: [
      {
        id: "run-20261129-0600-silver",
        sla: "platform.pipeline_success",
        kind: "pipeline_run",
        pipeline: "ops_silver_hourly",
        run_id: "airflow:ops_silver_hourly:2026-11-29T06:00",
        started_at: "2026-11-29T06:00:02Z",
        finished_at: "2026-11-29T06:04:41Z",
        status: "success",
      },
    ],
  });

export const ZFreshnessItem = z
  .strictObject({
    ...base,
    kind: z.literal("freshness"),
    table: subject("table"),
    sampled_at: instant,
    lag: z.strictObject(
      {
        value: z.number({ error: "must be a number" }).min(0, { error: "must not be negative" }),
        unit: z.enum(["s", "ms", "min"], { error: "must be s, ms or min" }),
      },
      { error: 'must be { value, unit } with unit s, ms or min, e.g. { "value": 240, "unit": "s" }' },
    ),
  })
  .meta({
    id: "SlaFreshness",
    description: "How stale a table was when sampled. Stored in seconds; the definition's threshold decides.",
    examples: [
      {
        id: "fresh-ops_silver.bookings-2026-11-29T06:15",
        sla: "ops.silver_freshness",
        kind: "freshness",
        table: "ops_silver.bookings",
        sampled_at: "2026-11-29T06:15:00Z",
        lag: { value: 4.5, unit: "min" },
      },
    ],
  });

export const ZDailyCloseItem = z
  .strictObject({ ...base, kind: z.literal("daily_close"), dataset: subject("dataset"), business_date: businessDate, closed_at: instant })
  .meta({
    id: "SlaDailyClose",
    description: "When a business date's close finished. The definition's local deadline (in its time zone, DST-aware) decides.",
    examples: [
      {
        id: "close-finance_gold-2026-11-28",
        sla: "finance.gold_close",
        kind: "daily_close",
        dataset: "finance_gold",
        business_date: "2026-11-28",
        closed_at: "2026-11-29T10:41:00Z",
      },
    ],
  });

export const ZReconciliationItem = z
  .strictObject({
    ...base,
    kind: z.literal("reconciliation"),
    ledger: subject("ledger"),
    business_date: businessDate,
    reconciled_at: instant,
    variance: z.strictObject(
      { value: z.number({ error: "must be a number" }), unit: z.enum(["percent", "ratio", "bp"], { error: "must be percent, ratio or bp" }) },
      { error: 'must be { value, unit } with unit percent, ratio or bp, e.g. { "value": 0.12, "unit": "percent" }' },
    ),
  })
  .meta({
    id: "SlaReconciliation",
    description: "A close's reconciliation variance (signed or not). Stored as the absolute value in percent.",
    examples: [
      {
        id: "recon-gl-2026-11-28",
        sla: "finance.reconciliation_variance",
        kind: "reconciliation",
        ledger: "general_ledger",
        business_date: "2026-11-28",
        reconciled_at: "2026-11-29T07:02:00Z",
        variance: { value: -0.12, unit: "percent" },
      },
    ],
  });

export const ZDqCheckItem = z
  .strictObject({
    ...base,
    kind: z.literal("dq_check"),
    check: subject("check"),
    run_id: z.string().regex(ID, { error: "must be the run's id (letters, digits, _ . : @ / -)" }),
    checked_at: instant,
    result: z.enum(["pass", "fail"], { error: "must be pass or fail" }),
  })
  .meta({
    id: "SlaDqCheck",
    description: "One run of a schema data-quality check. A pass counts as good.",
    examples: [
      {
        id: "dq-bookings_schema-8812",
        sla: "platform.schema_dq",
        kind: "dq_check",
        check: "bookings_schema",
        run_id: "dq-8812",
        checked_at: "2026-11-29T06:05:00Z",
        result: "pass",
      },
    ],
  });

export const ZEventCountsItem = z
  .strictObject({ ...base, kind: z.literal("event_counts"), stream: subject("stream"), window, source_count: count, sink_count: count })
  .meta({
    id: "SlaEventCounts",
    description:
      "Events a stream's source emitted and its sink loaded in one window. Stored: source − sink; any difference breaks the event-loss SLA.",
    examples: [
      {
        id: "loss-bookings-2026-11-29T06:00",
        sla: "platform.event_loss",
        kind: "event_counts",
        stream: "bookings_events",
        window: { start: "2026-11-29T06:00:00Z", end: "2026-11-29T07:00:00Z" },
        source_count: 18231,
        sink_count: 18231,
      },
    ],
  });

const le = z.union([z.number({ error: 'must be a number or "+Inf"' }).positive({ error: "must be above 0" }), z.literal("+Inf")], {
  error: 'must be a number or "+Inf"',
});

export const ZBiLatencyItem = z
  .strictObject({
    ...base,
    kind: z.literal("bi_latency"),
    tile: subject("tile"),
    window,
    unit: z.enum(["ms", "s"], { error: "must be ms or s (the unit of every bucket's le)" }),
    buckets: z
      .array(z.strictObject({ le, count }, { error: "must be { le, count }" }), { error: "must be an array of { le, count }" })
      .min(2, { error: 'give at least one bound and the final { "le": "+Inf" } bucket' })
      .max(200, { error: "at most 200 buckets" }),
  })
  .meta({
    id: "SlaBiLatency",
    description:
      'Query latencies of one tile over one window as a Prometheus-style histogram: cumulative counts (count = queries that took at most le), le strictly increasing, the last bucket "+Inf" (every query). Never send an averaged percentile: the p95 is read from the buckets.',
    examples: [
      {
        id: "p95-core_revenue-2026-11-29T06:00",
        sla: "bi.core_tile_p95",
        kind: "bi_latency",
        tile: "core_revenue",
        window: { start: "2026-11-29T06:00:00Z", end: "2026-11-29T06:05:00Z" },
        unit: "ms",
        buckets: [
          { le: 500, count: 310 },
          { le: 1000, count: 402 },
          { le: 2500, count: 431 },
          { le: 5000, count: 440 },
          { le: "+Inf", count: 441 },
        ],
      },
    ],
  });

export const ZSpendItem = z
  .strictObject({
    ...base,
    kind: z.literal("spend"),
    account: subject("account"),
    day: businessDate,
    amount_minor: count,
    currency: z.string().regex(/^[A-Z]{3}$/, { error: "must be an ISO 4217 code, e.g. USD" }),
  })
  .meta({
    id: "SlaSpend",
    description: `One day's warehouse spend for an account, in minor units (cents) of the budget's currency (${BUDGET_CURRENCY}). Month-to-date against the monthly budget decides.`,
    examples: [
      {
        id: "spend-snowflake-2026-11-28",
        sla: "finance.warehouse_cost",
        kind: "spend",
        account: "snowflake_prod",
        day: "2026-11-28",
        amount_minor: 141250,
        currency: "USD",
      },
    ],
  });

export const ZTileRefsItem = z
  .strictObject({
    ...base,
    kind: z.literal("tile_refs"),
    dashboard: subject("dashboard"),
    scanned_at: instant,
    tiles_total: count,
    tiles_referencing: count,
  })
  .meta({
    id: "SlaTileRefs",
    description: "One scan of a BI dashboard: how many tiles it has and how many reference a catalog dataset key@version.",
    examples: [
      {
        id: "scan-exec_overview-2026-11-29",
        sla: "bi.tile_catalog_refs",
        kind: "tile_refs",
        dashboard: "exec_overview",
        scanned_at: "2026-11-29T05:00:00Z",
        tiles_total: 24,
        tiles_referencing: 24,
      },
    ],
  });

export const ZAccessReportItem = z
  .strictObject({ ...base, kind: z.literal("access_report"), source: subject("source system"), window, reported: count })
  .meta({
    id: "SlaAccessReport",
    description:
      "How many restricted-access events this system sent to POST /api/v1/access-events in a window, by its own count. Warden compares it with what it ingested from this token (SLA governance.pii_access_logged).",
    examples: [
      {
        id: "report-warehouse-2026-11-29T06",
        sla: "governance.pii_access_logged",
        kind: "access_report",
        source: "warehouse_gateway",
        window: { start: "2026-11-29T06:00:00Z", end: "2026-11-29T07:00:00Z" },
        reported: 5120,
      },
    ],
  });

export const ZSlaObservationItem = z.discriminatedUnion(
  "kind",
  [
    ZPipelineRunItem,
    ZFreshnessItem,
    ZDailyCloseItem,
    ZReconciliationItem,
    ZDqCheckItem,
    ZEventCountsItem,
    ZBiLatencyItem,
    ZSpendItem,
    ZTileRefsItem,
    ZAccessReportItem,
  ],
  {
    error:
      "kind must be one of pipeline_run, freshness, daily_close, reconciliation, dq_check, event_counts, bi_latency, spend, tile_refs, access_report",
  },
);
export type TSlaObservationItem = z.output<typeof ZSlaObservationItem>;

/** The item schema of each kind, for the documentation (every one is an option of ZSlaObservationItem). */
export const ITEM_SCHEMAS: Record<IngestKind, z.ZodType> = {
  pipeline_run: ZPipelineRunItem,
  freshness: ZFreshnessItem,
  daily_close: ZDailyCloseItem,
  reconciliation: ZReconciliationItem,
  dq_check: ZDqCheckItem,
  event_counts: ZEventCountsItem,
  bi_latency: ZBiLatencyItem,
  spend: ZSpendItem,
  tile_refs: ZTileRefsItem,
  access_report: ZAccessReportItem,
};

export type ItemCheck = { ok: true; obs: NewObservation } | { ok: false; field: string; reason: string };

export interface ConvertContext {
  /** The server's clock, ms. */
  at: number;
  /** The definition's time zone (days of spend are days there). */
  timeZone: string;
  /** The caller's token name: the subject of an access report (the governance SLI compares per token). */
  tokenName: string;
}

const LAG_SECONDS = { s: 1, ms: 0.001, min: 60 } as const;
const VARIANCE_PERCENT = { percent: 1, ratio: 100, bp: 0.01 } as const;
const LE_MS = { ms: 1, s: 1000 } as const;

/**
 * The semantic checks zod cannot make (clock, windows, bucket order, counts that must agree) and the conversion to
 * the stored row. `item` has passed ZSlaObservationItem; `sla` has been checked against the definitions already.
 */
export function toObservation(item: TSlaObservationItem, ctx: ConvertContext): ItemCheck {
  const fail = (field: string, reason: string): ItemCheck => ({ ok: false, field, reason });
  const time = (field: string, iso: string): Date | ItemCheck => {
    const d = new Date(iso);
    if (d.getTime() > ctx.at + CLOCK_SKEW_MS)
      return fail(field, `is in the future (more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of Warden's clock)`);
    if (d.getTime() < ctx.at - MAX_AGE_DAYS * 86_400_000) return fail(field, `is more than ${MAX_AGE_DAYS} days old`);
    return d;
  };
  const span = (field: string, w: { start: string; end: string }): { start: Date; end: Date } | ItemCheck => {
    const start = time(`${field}.start`, w.start);
    if (!(start instanceof Date)) return start;
    const end = time(`${field}.end`, w.end);
    if (!(end instanceof Date)) return end;
    if (end.getTime() <= start.getTime()) return fail(`${field}.end`, "must be after the window's start");
    return { start, end };
  };
  const obs = (o: Omit<NewObservation, "slaKey" | "itemId" | "kind">): ItemCheck => ({
    ok: true,
    obs: { slaKey: item.sla, itemId: item.id, kind: item.kind, ...o },
  });

  switch (item.kind) {
    case "pipeline_run": {
      const started = time("started_at", item.started_at);
      if (!(started instanceof Date)) return started;
      const finished = time("finished_at", item.finished_at);
      if (!(finished instanceof Date)) return finished;
      if (finished < started) return fail("finished_at", "must not be before started_at");
      const ok = item.status === "success" ? 1 : 0;
      return obs({
        subject: item.pipeline,
        observedAt: finished,
        windowStart: started,
        value: (finished.getTime() - started.getTime()) / 1000,
        good: ok,
        total: 1,
        detail: { run_id: item.run_id },
      });
    }
    case "freshness": {
      const at = time("sampled_at", item.sampled_at);
      if (!(at instanceof Date)) return at;
      return obs({
        subject: item.table,
        observedAt: at,
        windowStart: null,
        value: item.lag.value * LAG_SECONDS[item.lag.unit],
        good: 0,
        total: 1,
        detail: null,
      });
    }
    case "daily_close": {
      const at = time("closed_at", item.closed_at);
      if (!(at instanceof Date)) return at;
      const day = Date.parse(`${item.business_date}T00:00:00Z`);
      // Whatever the zone, a close cannot finish before its business date began anywhere on Earth (UTC+14), and a
      // close a week late is a wrong business date rather than a late close.
      if (at.getTime() < day - 14 * 3_600_000) return fail("closed_at", "is before its business date began");
      if (at.getTime() > day + 8 * 86_400_000) return fail("business_date", "is more than a week before closed_at: check the business date");
      return obs({
        subject: item.dataset,
        observedAt: at,
        windowStart: null,
        value: null,
        good: 0,
        total: 1,
        detail: { business_date: item.business_date },
      });
    }
    case "reconciliation": {
      const at = time("reconciled_at", item.reconciled_at);
      if (!(at instanceof Date)) return at;
      const percent = Math.abs(item.variance.value) * VARIANCE_PERCENT[item.variance.unit];
      if (percent > 100_000) return fail("variance.value", "is implausibly large (check the unit)");
      return obs({
        subject: item.ledger,
        observedAt: at,
        windowStart: null,
        value: percent,
        good: 0,
        total: 1,
        detail: { business_date: item.business_date },
      });
    }
    case "dq_check": {
      const at = time("checked_at", item.checked_at);
      if (!(at instanceof Date)) return at;
      const ok = item.result === "pass" ? 1 : 0;
      return obs({ subject: item.check, observedAt: at, windowStart: null, value: null, good: ok, total: 1, detail: { run_id: item.run_id } });
    }
    case "event_counts": {
      const w = span("window", item.window);
      if ("ok" in w) return w;
      return obs({
        subject: item.stream,
        observedAt: w.end,
        windowStart: w.start,
        value: item.source_count - item.sink_count,
        good: Math.min(item.sink_count, item.source_count),
        total: item.source_count,
        detail: { source_count: item.source_count, sink_count: item.sink_count },
      });
    }
    case "bi_latency": {
      const w = span("window", item.window);
      if ("ok" in w) return w;
      const b = item.buckets;
      for (let i = 0; i < b.length; i++) {
        const bound = b[i].le;
        if (bound === "+Inf" && i !== b.length - 1) return fail(`buckets.${i}.le`, '"+Inf" must be the last bucket');
        if (i > 0) {
          const prev = b[i - 1].le as number;
          if (bound !== "+Inf" && bound <= prev) return fail(`buckets.${i}.le`, "bucket bounds must strictly increase");
          if (b[i].count < b[i - 1].count) return fail(`buckets.${i}.count`, "counts are cumulative (queries at most le) and must not decrease");
        }
      }
      if (b[b.length - 1].le !== "+Inf") return fail(`buckets.${b.length - 1}.le`, 'the last bucket must be "+Inf" (every query in the window)');
      // Sent cumulative (Prometheus' `le`); stored per bucket, the form lib/sla/math/histogram.ts reads.
      const buckets = b.map((x, i) => ({ le_ms: x.le === "+Inf" ? null : x.le * LE_MS[item.unit], count: x.count - (i > 0 ? b[i - 1].count : 0) }));
      return obs({
        subject: item.tile,
        observedAt: w.end,
        windowStart: w.start,
        value: p95FromBuckets(buckets),
        good: 0,
        total: 1,
        detail: { buckets },
      });
    }
    case "spend": {
      if (item.currency !== BUDGET_CURRENCY) return fail("currency", `must be ${BUDGET_CURRENCY}, the budget's currency (convert before sending)`);
      const day = DateTime.fromISO(item.day, { zone: ctx.timeZone });
      if (!day.isValid) return fail("day", "is not a calendar date");
      const start = day.startOf("day");
      const check = time("day", start.toUTC().toISO()!);
      if (!(check instanceof Date)) return check;
      return obs({
        subject: item.account,
        observedAt: start.endOf("day").toJSDate(),
        windowStart: start.toJSDate(),
        value: item.amount_minor,
        good: 0,
        total: 1,
        detail: { day: item.day, currency: item.currency },
      });
    }
    case "tile_refs": {
      const at = time("scanned_at", item.scanned_at);
      if (!(at instanceof Date)) return at;
      if (item.tiles_referencing > item.tiles_total) return fail("tiles_referencing", "must not exceed tiles_total");
      return obs({
        subject: item.dashboard,
        observedAt: at,
        windowStart: null,
        value: null,
        good: item.tiles_referencing,
        total: item.tiles_total,
        detail: null,
      });
    }
    case "access_report": {
      const w = span("window", item.window);
      if ("ok" in w) return w;
      return obs({
        subject: ctx.tokenName,
        observedAt: w.end,
        windowStart: w.start,
        value: item.reported,
        good: 0,
        total: 0,
        detail: { reported: item.reported, system: item.source },
      });
    }
  }
}

/** The documented body. The route checks the envelope and the 5,000 cap, then judges each item on its own. */
export const ZSlaObservationsRequest = z
  .strictObject({ observations: z.array(ZSlaObservationItem).min(1).max(5_000) })
  // No id on the roots: lib/api/openapi.ts would file a root that has named parts as a $ref to itself.
  .meta({ description: "Up to 5,000 observations of any SLAs and kinds, stored all or nothing." });

export const ZSlaObservationResult = z
  .object({
    index: z.number().int().meta({ description: "Position in the request's observations" }),
    id: z.string().nullable().meta({ description: "The item's id, when it had a readable one" }),
    status: z.enum(["accepted", "duplicate", "valid", "rejected"]).meta({
      description:
        "accepted: stored now; duplicate: this id was stored before with the same content (a retry), nothing written; valid: fine, but not stored because other items were rejected (422); rejected: see field and reason",
    }),
    field: z.string().optional().meta({ description: "The item's field at fault, e.g. lag.unit or buckets.3.le" }),
    reason: z.string().optional(),
  })
  .meta({ id: "SlaObservationResult" });

export const ZSlaIngestResponse = z
  .object({
    stored: z.boolean().meta({ description: "false when any item was rejected: then nothing of the batch was written" }),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    results: z.array(ZSlaObservationResult),
  })
  .meta({ description: "Every item's outcome in request order" });
