import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { POST as postObservations } from "@/app/api/v1/sla/observations/route";
import { apiRequest, issueToken } from "@/lib/api/test-helpers";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { INGEST_KINDS } from "@/lib/sla/types";
import { dialect, rawExec } from "@/lib/test/fixtures";
import { insertObservations, ObservationConflict, type NewObservation } from "./insert-observations";

const FAIL_WRITES =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER sla_ingest_test_refuse BEFORE INSERT ON sla_observations BEGIN SELECT RAISE(ABORT, 'refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION sla_ingest_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER sla_ingest_test_refuse BEFORE INSERT ON sla_observations FOR EACH ROW EXECUTE FUNCTION sla_ingest_test_refuse()`,
      ];
const HEAL =
  dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS sla_ingest_test_refuse`] : [`DROP TRIGGER IF EXISTS sla_ingest_test_refuse ON sla_observations`];

afterEach(async () => {
  for (const sql of HEAL) await rawExec(sql);
});

interface Result {
  index: number;
  id: string | null;
  status: string;
  field?: string;
  reason?: string;
}
interface Outcome {
  stored: boolean;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: Result[];
  error?: { code: string; message: string; field?: string };
}

async function post(secret: string, body: unknown) {
  const res = await postObservations(apiRequest("/sla/observations", secret, { body }));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Outcome };
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const uid = (p: string) => `${p}-${randomUUID()}`;

/** One valid item of every ingest kind. */
function oneOfEach(): Array<Record<string, unknown>> {
  return [
    {
      id: uid("run"),
      sla: "platform.pipeline_success",
      kind: "pipeline_run",
      pipeline: "ops_silver",
      run_id: "r-1",
      started_at: ago(10),
      finished_at: ago(4),
      status: "failure",
    },
    {
      id: uid("fresh"),
      sla: "ops.silver_freshness",
      kind: "freshness",
      table: "ops_silver.bookings",
      sampled_at: ago(1),
      lag: { value: 4.5, unit: "min" },
    },
    {
      id: uid("close"),
      sla: "finance.gold_close",
      kind: "daily_close",
      dataset: "finance_gold",
      business_date: ago(60 * 24).slice(0, 10),
      closed_at: ago(30),
    },
    {
      id: uid("recon"),
      sla: "finance.reconciliation_variance",
      kind: "reconciliation",
      ledger: "gl",
      business_date: ago(60 * 24).slice(0, 10),
      reconciled_at: ago(20),
      variance: { value: -12, unit: "bp" },
    },
    { id: uid("dq"), sla: "platform.schema_dq", kind: "dq_check", check: "bookings_schema", run_id: "dq-1", checked_at: ago(3), result: "pass" },
    {
      id: uid("loss"),
      sla: "platform.event_loss",
      kind: "event_counts",
      stream: "bookings",
      window: { start: ago(70), end: ago(10) },
      source_count: 100,
      sink_count: 97,
    },
    {
      id: uid("p95"),
      sla: "bi.core_tile_p95",
      kind: "bi_latency",
      tile: "core_revenue",
      window: { start: ago(6), end: ago(1) },
      unit: "s",
      buckets: [
        { le: 0.5, count: 50 },
        { le: 1, count: 80 },
        { le: 5, count: 100 },
        { le: "+Inf", count: 100 },
      ],
    },
    {
      id: uid("spend"),
      sla: "finance.warehouse_cost",
      kind: "spend",
      account: "snowflake",
      day: ago(60 * 24).slice(0, 10),
      amount_minor: 141250,
      currency: "USD",
    },
    {
      id: uid("tiles"),
      sla: "bi.tile_catalog_refs",
      kind: "tile_refs",
      dashboard: "exec",
      scanned_at: ago(5),
      tiles_total: 24,
      tiles_referencing: 23,
    },
    {
      id: uid("report"),
      sla: "governance.pii_access_logged",
      kind: "access_report",
      source: "warehouse_gateway",
      window: { start: ago(60), end: ago(1) },
      reported: 512,
    },
  ];
}

async function storedRows(ids: string[]) {
  return getDb().slaObservation.findMany({ where: { itemId: { in: ids } }, orderBy: { itemId: "asc" } });
}

describe("POST /api/v1/sla/observations", () => {
  it("stores one item of every kind in its stored form (units converted) and updates the hourly rollups", async () => {
    const { token, secret } = await issueToken(["sla:write"]);
    const items = oneOfEach();
    const rollupsBefore = await getDb().slaRollup.aggregate({ _sum: { observations: true } });
    const { status, body } = await post(secret, { observations: items });
    expect(status).toBe(200);
    expect(body).toMatchObject({ stored: true, accepted: 10, duplicates: 0, rejected: 0 });
    expect(body.results.map((r) => r.status)).toEqual(Array(10).fill("accepted"));
    const rows = new Map((await storedRows(items.map((i) => i.id as string))).map((r) => [r.kind, r]));
    expect(rows.size).toBe(10);
    expect(rows.get("pipeline_run")).toMatchObject({
      slaKey: "platform.pipeline_success",
      subject: "ops_silver",
      good: 0,
      total: 1,
      source: `api:${token.id}`,
    });
    expect(rows.get("pipeline_run")!.value).toBeCloseTo(360, 0);
    expect(rows.get("freshness")).toMatchObject({ value: 270, good: 0, total: 1 });
    expect(JSON.parse(rows.get("daily_close")!.detail!)).toEqual({ business_date: items[2].business_date });
    expect(rows.get("reconciliation")!.value).toBeCloseTo(0.12, 10);
    expect(rows.get("dq_check")).toMatchObject({ good: 1, total: 1 });
    expect(rows.get("event_counts")).toMatchObject({ value: 3, good: 97, total: 100 });
    expect(JSON.parse(rows.get("event_counts")!.detail!)).toEqual({ source_count: 100, sink_count: 97 });
    const p95 = rows.get("bi_latency")!;
    // Sent cumulative, stored per bucket (the judge's form).
    expect(JSON.parse(p95.detail!).buckets).toEqual([
      { le_ms: 500, count: 50 },
      { le_ms: 1000, count: 30 },
      { le_ms: 5000, count: 20 },
      { le_ms: null, count: 0 },
    ]);
    // rank 95 of 100 falls in (1000, 5000] holding 20: 1000 + 4000 × 15/20.
    expect(p95.value).toBeCloseTo(4000, 6);
    expect(rows.get("spend")).toMatchObject({ value: 141250 });
    expect(JSON.parse(rows.get("spend")!.detail!)).toEqual({ day: items[7].day, currency: "USD" });
    expect(rows.get("spend")!.observedAt.toISOString()).toBe(`${items[7].day as string}T23:59:59.999Z`);
    expect(rows.get("tile_refs")).toMatchObject({ good: 23, total: 24 });
    expect(rows.get("access_report")).toMatchObject({ subject: token.name, value: 512, good: 0, total: 0 });
    expect(JSON.parse(rows.get("access_report")!.detail!)).toEqual({ reported: 512, system: "warehouse_gateway" });
    const rollupsAfter = await getDb().slaRollup.aggregate({ _sum: { observations: true } });
    // Nine: an access report is judged 0/0 (the governance job turns it into pii_logged observations), so it adds no
    // rollup row of its own.
    expect((rollupsAfter._sum.observations ?? 0) - (rollupsBefore._sum.observations ?? 0)).toBe(9);
  });

  it("documents one example per kind in the OpenAPI body, and the ingest accepts every example as it stands", async () => {
    type Schema = { $ref?: string; examples?: Array<Record<string, unknown>>; properties?: Record<string, unknown> };
    const doc = buildOpenApiDocument() as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    const body = doc.paths["/sla/observations"].post.requestBody.content["application/json"].schema;
    const items = (body.properties!.observations as { items: { oneOf: Schema[] } }).items.oneOf.map(
      (r) => doc.components.schemas[r.$ref!.split("/").pop()!],
    );
    const examples = items.flatMap((s) => s.examples ?? []);
    expect(examples.map((e) => e.kind).sort()).toEqual([...INGEST_KINDS].sort());
    const { secret } = await issueToken(["sla:write"]);
    // The examples are dated 2026-11-29: judged at noon that day, with ids made unique so the test can run again.
    pinClock(new Date("2026-11-29T12:00:00Z"));
    try {
      const run = uid("ex");
      const { status, body: out } = await post(secret, { observations: examples.map((e) => ({ ...e, id: `${run}-${e.id as string}` })) });
      expect(out.results.filter((r) => r.status !== "accepted")).toEqual([]);
      expect(status).toBe(200);
    } finally {
      pinClock(null);
    }
  });

  it("answers a retry 'duplicate' and writes nothing again; the same id with other content is rejected and nothing stored", async () => {
    const { secret } = await issueToken(["sla:write"]);
    const items = oneOfEach().slice(0, 3);
    expect((await post(secret, { observations: items })).body.accepted).toBe(3);
    const extra = { ...oneOfEach()[4] };
    const retry = await post(secret, { observations: [...items, extra] });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ stored: true, accepted: 1, duplicates: 3 });
    expect(retry.body.results.map((r) => r.status)).toEqual(["duplicate", "duplicate", "duplicate", "accepted"]);
    expect(await storedRows(items.map((i) => i.id as string))).toHaveLength(3);

    const changed = { ...items[1], lag: { value: 99, unit: "min" } };
    const fresh = { ...oneOfEach()[5] };
    const conflict = await post(secret, { observations: [fresh, changed] });
    expect(conflict.status).toBe(422);
    expect(conflict.body.stored).toBe(false);
    expect(conflict.body.results[1]).toMatchObject({
      index: 1,
      id: items[1].id,
      status: "rejected",
      field: "id",
      reason: expect.stringMatching(/different content/),
    });
    expect(conflict.body.results[0].status).toBe("valid");
    expect(await storedRows([fresh.id as string])).toHaveLength(0);
    expect((await storedRows([items[1].id as string]))[0].value).toBe(270);
  });

  it("gives each bad item its index, id, field and reason, and stores nothing of the batch", async () => {
    const { secret } = await issueToken(["sla:write"]);
    const [run, fresh, close, , , loss, p95, spend, tiles] = oneOfEach();
    const good = oneOfEach()[4];
    const cases: Array<[Record<string, unknown> | string, string, RegExp]> = [
      [{ ...run, sla: "nope.unknown" }, "sla", /not an SLA Warden knows/],
      [{ ...run, kind: "freshness" }, "kind", /must be pipeline_run for platform\.pipeline_success/],
      [{ ...run, sla: "governance.grants_past_expiry", kind: "grants_past_expiry" }, "kind", /computed by Warden itself/],
      [{ ...run, sla: "governance.purge_success" }, "sla", /computed by Warden itself/],
      [{ ...fresh, lag: 240 }, "lag", /value, unit/],
      [{ ...fresh, lag: { value: 240 } }, "lag.unit", /s, ms or min/],
      [{ ...fresh, lag: { value: 240, unit: "hours" } }, "lag.unit", /s, ms or min/],
      [{ ...fresh, sampled_at: new Date(Date.now() + 3_600_000).toISOString() }, "sampled_at", /in the future/],
      [{ ...fresh, sampled_at: "2020-01-01T00:00:00Z" }, "sampled_at", /more than 400 days old/],
      [{ ...fresh, sampled_at: "2026-11-29 10:00" }, "sampled_at", /ISO-8601/],
      [{ ...run, finished_at: ago(20) }, "finished_at", /before started_at/],
      [{ ...loss, window: { start: ago(5), end: ago(10) } }, "window.end", /after the window's start/],
      [{ ...loss, sink_count: -1 }, "sink_count", /negative/],
      [{ ...tiles, tiles_referencing: 25 }, "tiles_referencing", /exceed tiles_total/],
      [
        {
          ...p95,
          buckets: [
            { le: 1, count: 5 },
            { le: 0.5, count: 6 },
            { le: "+Inf", count: 6 },
          ],
        },
        "buckets.1.le",
        /strictly increase/,
      ],
      [
        {
          ...p95,
          buckets: [
            { le: 1, count: 5 },
            { le: 2, count: 4 },
            { le: "+Inf", count: 6 },
          ],
        },
        "buckets.1.count",
        /must not decrease/,
      ],
      [
        {
          ...p95,
          buckets: [
            { le: 1, count: 5 },
            { le: 2, count: 6 },
          ],
        },
        "buckets.1.le",
        /\+Inf/,
      ],
      [{ ...p95, unit: undefined }, "unit", /ms or s/],
      [{ ...spend, currency: "EUR" }, "currency", /must be USD/],
      [{ ...spend, amount_minor: 12.5 }, "amount_minor", /whole number/],
      [{ ...close, business_date: "2026-02-30" }, "business_date", /YYYY-MM-DD/],
      [{ ...run, colour: "red" }, "colour", /not a field/],
      [{ ...fresh, lag: { value: 1, unit: "s", per: "table" } }, "lag.per", /not a field/],
      [{ ...run, id: "" }, "id", /idempotency key/],
      ["not an item", "(item)", /observation object/],
    ];
    const observations = [good, ...cases.map(([item]) => item)];
    const { status, body } = await post(secret, { observations });
    expect(status).toBe(422);
    expect(body).toMatchObject({ stored: false, accepted: 0, rejected: cases.length });
    expect(body.results[0]).toMatchObject({ index: 0, id: good.id, status: "valid" });
    cases.forEach(([item, field, reason], i) => {
      const r = body.results[i + 1];
      expect(r, JSON.stringify(item)).toMatchObject({ index: i + 1, status: "rejected", field });
      expect(r.reason, `${field}: ${r.reason}`).toMatch(reason);
      if (typeof item === "object" && typeof item.id === "string" && item.id) expect(r.id).toBe(item.id);
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|ZodError/);
    expect(await storedRows([good.id as string])).toHaveLength(0);
  });

  it("stores a batch sent twice at the same moment once: each item accepted by one call and a duplicate for the other", async () => {
    const { secret } = await issueToken(["sla:write"]);
    const items = oneOfEach();
    const [a, b] = await Promise.all([post(secret, { observations: items }), post(secret, { observations: items })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.accepted + b.body.accepted).toBe(10);
    expect(a.body.duplicates + b.body.duplicates).toBe(10);
    for (let i = 0; i < 10; i++) expect([a.body.results[i].status, b.body.results[i].status].sort()).toEqual(["accepted", "duplicate"]);
    expect(await storedRows(items.map((i) => i.id as string))).toHaveLength(10);

    // The same new id with different content at the same moment: one is stored, the other rejected with nothing stored.
    const x = oneOfEach()[1];
    const y = { ...x, lag: { value: 1, unit: "s" } };
    const [p, q] = await Promise.all([post(secret, { observations: [x] }), post(secret, { observations: [y] })]);
    expect([p.status, q.status].sort()).toEqual([200, 422]);
    const loser = p.status === 422 ? p : q;
    expect(loser.body.results[0]).toMatchObject({ status: "rejected", field: "id", reason: expect.stringMatching(/different content/) });
    expect(await storedRows([x.id as string])).toHaveLength(1);
  });

  it("rejects an id used twice for the same SLA in one batch (the later one), storing nothing", async () => {
    const { secret } = await issueToken(["sla:write"]);
    const a = oneOfEach()[4];
    const b = { ...oneOfEach()[4], id: a.id };
    const { status, body } = await post(secret, { observations: [a, b] });
    expect(status).toBe(422);
    expect(body.results[1]).toMatchObject({ index: 1, status: "rejected", field: "id", reason: expect.stringMatching(/twice.*index 0/) });
    expect(await storedRows([a.id as string])).toHaveLength(0);
  });

  it("takes 5,000 items in one call and refuses 5,001 (413, nothing stored)", async () => {
    const { secret } = await issueToken(["sla:write"]);
    const base = ago(30);
    const many = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ({
        id: `${p}-${i}`,
        sla: "platform.schema_dq",
        kind: "dq_check",
        check: "c",
        run_id: `r${i}`,
        checked_at: base,
        result: i % 100 ? "pass" : "fail",
      }));
    const tooMany = uid("cap");
    const refused = await post(secret, { observations: many(5_001, tooMany) });
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: "too_large", field: "observations" });
    expect(await getDb().slaObservation.count({ where: { itemId: { startsWith: tooMany } } })).toBe(0);
    const fits = uid("cap");
    const ok = await post(secret, { observations: many(5_000, fits) });
    expect(ok.status).toBe(200);
    expect(ok.body.accepted).toBe(5_000);
    expect(await getDb().slaObservation.count({ where: { itemId: { startsWith: fits } } })).toBe(5_000);
  });

  it("refuses a malformed envelope with its field (400/422), and a token without sla:write (403)", async () => {
    const { secret } = await issueToken(["sla:write"]);
    expect((await post(secret, [oneOfEach()[0]])).body.error).toMatchObject({ code: "bad_request", field: "observations" });
    expect((await post(secret, { observations: "x" })).status).toBe(400);
    expect((await post(secret, { observations: [], extra: 1 })).body.error).toMatchObject({ field: "extra" });
    expect((await post(secret, { observations: [] })).status).toBe(422);
    const other = await issueToken(["events:write"]);
    const refused = await post(other.secret, { observations: oneOfEach() });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toBe("This token is not allowed to report SLA observations (it needs the use sla:write).");
    expect((await postObservations(apiRequest("/sla/observations", null, { body: { observations: oneOfEach() } }))).status).toBe(401);
  });

  it("answers 503 with nothing stored when the database refuses the write, then works again", async () => {
    const { secret } = await issueToken(["sla:write"]);
    const items = oneOfEach();
    for (const sql of FAIL_WRITES) await rawExec(sql);
    const failed = await post(secret, { observations: items });
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBeTruthy();
    expect(failed.body.error!.code).toBe("unavailable");
    expect(JSON.stringify(failed.body)).not.toMatch(/refuses \(test\)/);
    expect(await storedRows(items.map((i) => i.id as string))).toHaveLength(0);
    for (const sql of HEAL) await rawExec(sql);
    expect((await post(secret, { observations: items })).body.accepted).toBe(10);
  });
});

describe("insertObservations", () => {
  const anHourAgo = new Date(Date.now() - 3_600_000);
  const obs = (itemId: string, value: number, at = anHourAgo): NewObservation => ({
    slaKey: "ops.silver_freshness",
    itemId,
    kind: "freshness",
    subject: "t",
    observedAt: at,
    windowStart: null,
    value,
    good: 0,
    total: 1,
    detail: null,
  });

  it("is idempotent on (sla_key, item_id), counts retries, and rolls the whole batch back on a conflicting reuse", async () => {
    const p = uid("ins");
    expect(await insertObservations([obs(`${p}-a`, 1), obs(`${p}-b`, 2)], { source: "test" })).toEqual({ inserted: 2, duplicates: 0 });
    expect(await insertObservations([obs(`${p}-a`, 1), obs(`${p}-c`, 3), obs(`${p}-c`, 3)], { source: "test" })).toEqual({
      inserted: 1,
      duplicates: 2,
    });
    const err = await insertObservations([obs(`${p}-d`, 4), obs(`${p}-b`, 20)], { source: "test" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObservationConflict);
    expect((err as ObservationConflict).items).toEqual([{ slaKey: "ops.silver_freshness", itemId: `${p}-b` }]);
    expect(await getDb().slaObservation.count({ where: { itemId: { startsWith: p } } })).toBe(3);
  });

  it("adds to the hourly rollup of every version of the key in the same transaction", async () => {
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 5 * 3_600_000);
    const where = { slaKey: "ops.silver_freshness", bucketStart: hour };
    const before = await getDb().slaRollup.findMany({ where });
    const versions = await getDb().slaDefinition.count({ where: { key: "ops.silver_freshness" } });
    const p = uid("roll");
    await insertObservations([obs(`${p}-1`, 10, new Date(hour.getTime() + 60_000)), obs(`${p}-2`, 5000, new Date(hour.getTime() + 120_000))], {
      source: "test",
    });
    const after = await getDb().slaRollup.findMany({ where });
    expect(after).toHaveLength(versions);
    for (const r of after) {
      const b = before.find((x) => x.version === r.version);
      expect(r.observations - (b?.observations ?? 0)).toBe(2);
      expect(r.total - (b?.total ?? 0)).toBe(2);
      expect(r.worst).toBeGreaterThanOrEqual(5000);
    }
  });
});
