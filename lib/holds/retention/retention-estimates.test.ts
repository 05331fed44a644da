// The Retention screen's estimates against an in-memory oracle on both dialects: records past retention now (longest
// applicable retention, unreferenced only) and the hour the next ones fall due.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CITIES } from "@/lib/warehouse/demo-data";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { openTestWarehouse, testWarehouseDialects, type TestWarehouse } from "@/lib/warehouse/test-warehouses";
import type { RetentionTerms } from "../retention-clause";
import type { CurrentRetentionPolicy } from "./current-policies";
import { retentionEstimates } from "./retention-estimates";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const stateOfCity = new Map(DEMO_CITIES.map((c) => [c.id, c.state]));

const POLICIES: Array<[string, RetentionTerms]> = [
  ["marketplace.events@1", { days: 90, dateColumn: "occurred_at", stateOverrides: { NY: 120 } }],
  ["marketplace.background_checks@1", { days: 400, dateColumn: "completed_at", stateOverrides: { TX: 800 } }],
  ["marketplace.people@1", { days: 365, dateColumn: "created_at", stateOverrides: { CA: 1000 } }],
  ["marketplace.bookings@1", { days: 200, dateColumn: "booked_at", stateOverrides: { IL: 400 } }],
  ["marketplace.booking_legs@1", { days: 300, dateColumn: "starts_at", stateOverrides: { CA: 500 } }],
];
const policies: CurrentRetentionPolicy[] = POLICIES.map(([datasetRef, terms], i) => ({
  id: `ret_test${i}`,
  datasetRef,
  version: 1,
  terms,
  legalBasis: "test",
}));

describe.each(testWarehouseDialects())("retentionEstimates on %s", (dialect) => {
  let tw: TestWarehouse;
  let generatedAt: Date;
  const rows: Record<string, Array<Record<string, unknown>>> = {};
  beforeAll(async () => {
    tw = await openTestWarehouse(dialect, { size: 800, seed: 17 });
    const db = new Database(tw.sqliteFile, { readonly: true });
    for (const d of Object.values(WAREHOUSE_DATASETS))
      rows[d.table] = db.prepare(`SELECT * FROM "${d.table}"`).all() as Array<Record<string, unknown>>;
    generatedAt = new Date((db.prepare("SELECT value FROM meta WHERE key = 'generated_at'").get() as { value: string }).value);
    db.close();
  }, 120_000);
  afterAll(async () => {
    await tw?.dispose();
  });

  /** Per dataset: the rows due at `at` (longest applicable retention, unreferenced) and the first hour another falls due. */
  function oracle(ref: string, terms: RetentionTerms, at: Date) {
    const d = WAREHOUSE_DATASETS[ref];
    const referenced = new Set(d.referencedBy.flatMap((r) => rows[r.table].map((row) => row[r.column])));
    const longest = Math.max(terms.days, ...Object.values(terms.stateOverrides));
    let due = 0;
    let firstHour: number | null = null;
    for (const row of rows[d.table]) {
      const date = row[terms.dateColumn] as string | null;
      if (date === null) continue;
      const raw = row[d.jurisdiction.column] as string;
      const state = d.jurisdiction.via === "state" ? raw : stateOfCity.get(raw)!;
      const days = Math.max(terms.days, terms.stateOverrides[state] ?? 0);
      const dueAt = Date.parse(date) + days * DAY; // due once the instant is past this
      if (dueAt < at.getTime()) {
        if (!referenced.has(row[d.recordId])) due++;
      } else {
        const hour = Math.floor((dueAt - at.getTime()) / HOUR) + 1;
        if (hour <= Math.ceil((longest * DAY) / HOUR) + 1 && (firstHour === null || hour < firstHour)) firstHour = hour;
      }
    }
    return { due, nextDueAt: firstHour === null ? null : new Date(at.getTime() + firstHour * HOUR).toISOString().slice(0, 19) + "Z" };
  }

  it("counts the records past retention now and finds when the next fall due, as the oracle does", async () => {
    const at = new Date(generatedAt.getTime() + 30 * DAY);
    const estimates = await retentionEstimates({ at, connector: tw.connector, policies });
    expect(estimates.map((e) => e.datasetRef)).toEqual(POLICIES.map(([ref]) => ref));
    for (const e of estimates) {
      const terms = POLICIES.find(([ref]) => ref === e.datasetRef)![1];
      const want = oracle(e.datasetRef, terms, at);
      expect({ due: e.due.count, nextDueAt: e.nextDueAt }, e.datasetRef).toEqual(want);
      expect(e.due.capped).toBe(false);
    }
    // The case is not vacuous: events and checks have records due and not yet due; bookings are all still referenced.
    const byRef = Object.fromEntries(estimates.map((e) => [e.datasetRef, e]));
    expect(byRef["marketplace.events@1"].due.count).toBeGreaterThan(100);
    expect(byRef["marketplace.background_checks@1"].due.count).toBeGreaterThan(10);
    expect(byRef["marketplace.events@1"].nextDueAt).not.toBeNull();
    expect(byRef["marketplace.bookings@1"].due.count).toBe(0);
  });

  it("caps the count, and has no next date when nothing is left to fall due", async () => {
    const at = new Date(generatedAt.getTime() + 30 * DAY);
    const [capped] = await retentionEstimates({ at, connector: tw.connector, policies: [policies[0]], cap: 5 });
    expect(capped.due).toEqual({ count: 5, capped: true });
    // Ten years on, every event is past a 90-day policy: nothing is left to fall due.
    const later = new Date(generatedAt.getTime() + 3650 * DAY);
    const [all] = await retentionEstimates({ at: later, connector: tw.connector, policies: [policies[0]] });
    expect(all.due.count).toBe(rows.events.length);
    expect(all.nextDueAt).toBeNull();
  });
});
