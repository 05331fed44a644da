// The read model on the real database (both dialects): observations inserted directly, rollups by applyToRollups
// through each kind of writer and by rebuildRollups, figures read by slaDashboard and slaDetail.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { dbTarget, getDb } from "@/lib/db/client";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { applyToRollups, rebuildRollups, rollupWriterFromPg, rollupWriterFromPrisma, rollupWriterFromSqlite, sqliteTime } from "../rollups";
import type { SlaDefinitionView, StoredObservation } from "../types";
import { slaDashboard } from "./dashboard";
import { slaDetail } from "./detail";
import { toDefinitionView } from "@/lib/sla/definitions/read-definitions";

const AT = new Date("2026-11-29T12:00:00.000Z");
const MIN = 60_000;
const HOUR = 3_600_000;
const run = randomUUID().slice(0, 8);

afterAll(() => pinClock(null));

async function createDef(d: Partial<SlaDefinitionView> & Pick<SlaDefinitionView, "key" | "sliKind" | "budgeting">): Promise<SlaDefinitionView> {
  const version = d.version ?? 1;
  const row = await getDb().slaDefinition.create({
    data: {
      id: `sla_t${run}_${d.key.replace(/\W/g, "_")}_${version}`,
      key: d.key,
      version,
      current: d.current ?? true,
      name: d.name ?? d.key,
      description: "test definition",
      sliKind: d.sliKind,
      budgeting: d.budgeting,
      target: d.target ?? 0.99,
      threshold: d.threshold ?? null,
      warnThreshold: d.warnThreshold ?? null,
      unit: d.unit ?? "ratio",
      windowDays: d.windowDays ?? 30,
      timeZone: d.timeZone ?? "UTC",
      ownerTeam: "test",
      source: "ingest",
      changeReason: "test",
      createdAt: new Date("2026-01-01T00:00:00Z"),
    },
  });
  return toDefinitionView(row);
}

let item = 0;
const COLS = `"sla_key", "item_id", "kind", "subject", "observed_at", "window_start", "value", "good", "total", "detail", "item_hash", "source", "received_at"`;

/** Straight into sla_observations on the driver (Prisma's createMany takes seconds for a few thousand rows on SQLite). */
async function insertObservations(obs: StoredObservation[]): Promise<void> {
  const t = dbTarget();
  const time = (d: Date | null) => (d === null ? null : t.dialect === "sqlite" ? sqliteTime(d) : d.toISOString());
  const rows = obs.map((o) => [
    o.slaKey,
    `it-${run}-${++item}`,
    o.kind,
    o.subject,
    time(o.observedAt),
    time(o.windowStart),
    o.value,
    o.good,
    o.total,
    o.detail ? JSON.stringify(o.detail) : null,
    "h",
    "test",
    time(AT),
  ]);
  if (t.dialect === "sqlite") {
    const db = sqliteHandle(t.path);
    const stmt = db.prepare(`INSERT INTO "sla_observations" (${COLS}) VALUES (${rows[0].map(() => "?").join(", ")})`);
    db.transaction(() => rows.forEach((r) => stmt.run(...r))).immediate();
    return;
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    let n = 0;
    const tuples = chunk.map((r) => `(${r.map(() => `$${++n}`).join(", ")})`);
    await pgPool(t.url).query(`INSERT INTO "sla_observations" (${COLS}) VALUES ${tuples.join(", ")}`, chunk.flat());
  }
}

const ob = (slaKey: string, kind: StoredObservation["kind"], atMs: number, over: Partial<StoredObservation> = {}): StoredObservation => ({
  slaKey,
  kind,
  subject: "s",
  observedAt: new Date(atMs),
  windowStart: null,
  value: null,
  good: 1,
  total: 1,
  detail: null,
  ...over,
});

async function applyInPrisma(defs: SlaDefinitionView[], obs: StoredObservation[]) {
  await getDb().$transaction(async (tx) => applyToRollups(rollupWriterFromPrisma(tx), defs, obs));
}

async function rollupRows(key: string, version: number) {
  const rows = await getDb().slaRollup.findMany({ where: { slaKey: key, version }, orderBy: { bucketStart: "asc" } });
  return rows.map((r) => ({ t: r.bucketStart.toISOString(), good: r.good, total: r.total, observations: r.observations, worst: r.worst }));
}

describe("rollups and the dashboard, hand-computed", () => {
  it("occurrences: 1,000 runs in the last hour with 15 failures burn at 15× (target 99.9%); 6 h and 3 d at 2.5×; budget overspent", async () => {
    pinClock(AT);
    const def = await createDef({ key: `t${run}.pipeline`, sliKind: "pipeline_run", budgeting: "occurrences", target: 0.999, windowDays: 1 });
    const obs: StoredObservation[] = [];
    for (let i = 0; i < 1000; i++) obs.push(ob(def.key, "pipeline_run", AT.getTime() - HOUR + (i + 0.5) * 3_600, i < 15 ? { good: 0 } : {}));
    for (let i = 0; i < 5000; i++) obs.push(ob(def.key, "pipeline_run", AT.getTime() - 6 * HOUR + (i + 0.5) * 3_600));
    await insertObservations(obs);
    await applyInPrisma([def], obs);

    const { tiles, timeline } = await slaDashboard();
    const t = tiles.find((x) => x.def.key === def.key)!;
    expect(t.burn).toEqual([
      { window: "1h", rate: 15, alerting: true },
      { window: "6h", rate: 2.5, alerting: false },
      { window: "3d", rate: 2.5, alerting: false },
    ]);
    // 6,000 runs in the day: 6 failures allowed, 15 seen.
    expect(t.budget).toMatchObject({ allowed: 6, used: 15, failuresLeft: 0 });
    expect(t.status).toBe("breach");
    expect(t.statusReason).toBe("15 failures in the last 1 day; 6 allowed");
    expect(t.def.ref).toBe(`${def.key}@1`);
    expect(t.lastObservedAt).toBe(new Date(obs[999].observedAt).toISOString());
    const row = timeline.rows.find((r) => r.key === def.key)!;
    expect(timeline.days).toHaveLength(90);
    expect(row.cells[89]).toEqual({ day: "2026-11-29", status: "breach", bad: 15, total: 6000 });
    expect(row.cells[88].status).toBe("no_data");
    // Every current definition has a tile, the seed's fifteen included.
    expect(tiles.map((x) => x.def.key)).toEqual(expect.arrayContaining(["finance.gold_close", "governance.export_approval_time", def.key]));
  });

  it("applyToRollups adds: raw-driver writer, Prisma writer and rebuildRollups agree; spend buckets sum", async () => {
    const def = await createDef({ key: `t${run}.fresh`, sliKind: "freshness", budgeting: "timeslices", threshold: 900, unit: "seconds" });
    const cost = await createDef({ key: `t${run}.cost`, sliKind: "spend", budgeting: "invariant", target: 1, threshold: 1000, unit: "minor_units" });
    const a = [ob(def.key, "freshness", AT.getTime() - 90 * MIN, { value: 100 }), ob(def.key, "freshness", AT.getTime() - 80 * MIN, { value: 1000 })];
    const b = [ob(def.key, "freshness", AT.getTime() - 70 * MIN, { value: 950 }), ob(def.key, "freshness", AT.getTime() - 10 * MIN, { value: 10 })];
    const day = Date.UTC(2026, 10, 28);
    const spend = ["acct-a", "acct-b"].map((s, i) =>
      ob(cost.key, "spend", day + 86_399_999, {
        subject: s,
        windowStart: new Date(day),
        value: 300 + i * 100,
        detail: { day: "2026-11-28", currency: "USD" },
      }),
    );
    await insertObservations([...a, ...b, ...spend]);
    const t = dbTarget();
    if (t.dialect === "sqlite") {
      const db = sqliteHandle(t.path);
      db.exec("BEGIN IMMEDIATE");
      try {
        await applyToRollups(rollupWriterFromSqlite(db), [def, cost], [...a, ...spend]);
        db.exec("COMMIT");
      } catch (err) {
        db.exec("ROLLBACK");
        throw err;
      }
    } else {
      const client = await pgPool(t.url).connect();
      try {
        await client.query("BEGIN");
        await applyToRollups(rollupWriterFromPg(client), [def, cost], [...a, ...spend]);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    }
    await applyInPrisma([def, cost], b);
    const incremental = await rollupRows(def.key, 1);
    expect(incremental).toEqual([
      { t: "2026-11-29T10:00:00.000Z", good: 1, total: 3, observations: 3, worst: 1000 },
      { t: "2026-11-29T11:00:00.000Z", good: 1, total: 1, observations: 1, worst: 10 },
    ]);
    // Two accounts' spend of 28 November in one bucket: 300 + 400.
    expect(await rollupRows(cost.key, 1)).toEqual([{ t: "2026-11-28T00:00:00.000Z", good: 2, total: 2, observations: 2, worst: 700 }]);
    expect(await rebuildRollups(def)).toEqual({ observations: 4, buckets: 2 });
    expect(await rollupRows(def.key, 1)).toEqual(incremental);
    await rebuildRollups(cost);
    expect((await rollupRows(cost.key, 1))[0].worst).toBe(700);
  });

  it("an edit: two versions judge the same observations differently, and the detail shows both", async () => {
    const key = `t${run}.edited`;
    const v1 = await createDef({ key, version: 1, current: false, sliKind: "freshness", budgeting: "timeslices", threshold: 900, unit: "seconds" });
    const obs = Array.from({ length: 60 }, (_, i) => ob(key, "freshness", AT.getTime() - (i + 0.5) * MIN, { value: 600 }));
    await insertObservations(obs);
    await applyInPrisma([v1], obs);
    const v2 = await createDef({ key, version: 2, sliKind: "freshness", budgeting: "timeslices", threshold: 300, unit: "seconds" });
    await rebuildRollups(v2);

    const d = (await slaDetail(key, { range: "24h", at: AT }))!;
    expect(d.def.ref).toBe(`${key}@2`);
    expect(d.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(d.byVersion).toEqual([
      { ref: `${key}@2`, version: 2, attainment7d: 0, attainment30d: 0, status: "breach" },
      { ref: `${key}@1`, version: 1, attainment7d: 1, attainment30d: 1, status: "ok" },
    ]);
    expect(d.series).toHaveLength(24);
    expect(d.breaches).toEqual([
      { from: "2026-11-29T11:00:00.000Z", to: "2026-11-29T12:00:00.000Z", reason: "60 bad of 60 (0%, target 99%); worst 10 min", worst: 600 },
    ]);
    const old = (await slaDetail(key, { range: "24h", version: 1, at: AT }))!;
    expect(old.tile.status).toBe("ok");
    expect(old.breaches).toEqual([]);
    expect(await slaDetail(key, { range: "7d", version: 3, at: AT })).toBeNull();
    expect(await slaDetail(`t${run}.nothing`, { range: "7d", at: AT })).toBeNull();
  });

  it("daily close across the fall-back day: 06:01 EST on 1 November is a bad day, 05:59 on 8 March is good; no observations is no_data", async () => {
    const def = await createDef({
      key: `t${run}.close`,
      sliKind: "daily_close",
      budgeting: "daily",
      target: 1,
      threshold: 360,
      unit: "local_time",
      timeZone: "America/New_York",
      windowDays: 30,
    });
    const closes = [
      ob(def.key, "daily_close", Date.parse("2026-10-31T09:30:00Z"), { good: 0, detail: { business_date: "2026-10-31" } }), // 05:30 EDT
      ob(def.key, "daily_close", Date.parse("2026-11-01T11:01:00Z"), { good: 0, detail: { business_date: "2026-11-01" } }), // 06:01 EST
      ob(def.key, "daily_close", Date.parse("2026-11-02T10:59:00Z"), { good: 0, detail: { business_date: "2026-11-02" } }), // 05:59 EST
    ];
    await insertObservations(closes);
    await applyInPrisma([def], closes);
    const at = new Date("2026-11-02T12:00:00Z");
    const d = (await slaDetail(def.key, { range: "30d", at }))!;
    const days = d.series.filter((p) => p.total > 0).map((p) => [p.t, p.breach]);
    expect(days).toEqual([
      ["2026-10-31T04:00:00.000Z", false],
      ["2026-11-01T04:00:00.000Z", true],
      ["2026-11-02T05:00:00.000Z", false],
    ]);
    expect(d.tile.status).toBe("breach");
    expect(d.breaches[0].reason).toMatch(/missed the 06:00 America\/New_York deadline/);

    const empty = await createDef({ key: `t${run}.empty`, sliKind: "dq_check", budgeting: "occurrences", target: 0.999 });
    const dash = await slaDashboard({ at });
    expect(dash.tiles.find((x) => x.def.key === empty.key)).toMatchObject({ status: "no_data", budget: { allowed: 0, used: 0 }, attainment7d: null });
    expect(dash.timeline.rows.find((r) => r.key === def.key)!.cells.find((c) => c.day === "2026-11-01")).toEqual({
      day: "2026-11-01",
      status: "breach",
      bad: 1,
      total: 1,
    });
  });
});
