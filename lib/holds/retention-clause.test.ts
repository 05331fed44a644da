// Retention cutoffs (pure) and their SQL predicate against an in-memory oracle on both dialects.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CITIES } from "@/lib/warehouse/demo-data";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { openTestWarehouse, testWarehouseDialects, type TestWarehouse } from "@/lib/warehouse/test-warehouses";
import { retentionClause, retentionCutoffs, type RetentionTerms } from "./retention-clause";

describe("retention cutoffs", () => {
  const at = new Date("2026-03-10T12:00:00.000Z");
  it("counts days back from the instant, to the second, and keeps only longer overrides", () => {
    const c = retentionCutoffs({ days: 90, dateColumn: "booked_at", stateOverrides: { CA: 365, NY: 30 } }, at);
    expect(c.base).toBe("2025-12-10T12:00:00Z");
    expect(c.byState).toEqual({ CA: "2025-03-10T12:00:00Z" });
  });
});

describe.each(testWarehouseDialects())("retention clause on %s", (dialect) => {
  let tw: TestWarehouse;
  const rows: Record<string, Array<Record<string, unknown>>> = {};
  beforeAll(async () => {
    tw = await openTestWarehouse(dialect, { size: 500, seed: 13 });
    const db = new Database(tw.sqliteFile, { readonly: true });
    for (const d of Object.values(WAREHOUSE_DATASETS)) rows[d.ref] = db.prepare(`SELECT * FROM "${d.table}"`).all() as Array<Record<string, unknown>>;
    db.close();
  }, 120_000);
  afterAll(async () => {
    await tw?.dispose();
  });

  it("selects the rows past their state's longest retention that nothing references", async () => {
    const at = new Date("2025-10-01T00:00:00Z");
    const stateOfCity = new Map(DEMO_CITIES.map((c) => [c.id, c.state]));
    const cases: Array<[string, RetentionTerms]> = [
      ["marketplace.booking_legs@1", { days: 300, dateColumn: "starts_at", stateOverrides: { CA: 500, NY: 10 } }],
      ["marketplace.bookings@1", { days: 200, dateColumn: "booked_at", stateOverrides: { TX: 400 } }],
      ["marketplace.people@1", { days: 700, dateColumn: "created_at", stateOverrides: { IL: 1000 } }],
    ];
    for (const [ref, terms] of cases) {
      const d = WAREHOUSE_DATASETS[ref];
      const referenced = new Set(
        d.referencedBy.flatMap((r) => rows[Object.values(WAREHOUSE_DATASETS).find((x) => x.table === r.table)!.ref].map((x) => x[r.column])),
      );
      const expected = rows[ref].filter((r) => {
        const jur = String(r[d.jurisdiction.column]);
        const state = d.jurisdiction.via === "state" ? jur : stateOfCity.get(jur)!;
        const days = Math.max(terms.days, terms.stateOverrides[state] ?? 0);
        return Date.parse(String(r[terms.dateColumn])) < at.getTime() - days * 86_400_000 && !referenced.has(r[d.recordId]);
      }).length;
      const got = await tw.connector.countWhere(ref, (p, t) => retentionClause(d, terms, at, p, t), { cap: 1_000_000 });
      expect(got.count, ref).toBe(expected);
      // Every booking has legs, so only legs fall due here; bookings and people wait for the rows that point at them.
      if (ref === "marketplace.booking_legs@1") expect(expected, ref).toBeGreaterThan(0);
    }
  });
});
