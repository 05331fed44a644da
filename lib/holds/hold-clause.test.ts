// Hold coverage as SQL (countWhere over holdCoverClause) agrees with the in-memory holdCovers, on every dataset and
// target kind, against an oracle computed from the warehouse's SQLite twin; and missingRecordIds names unknown ids.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAREHOUSE_DATASETS, type WarehouseDataset } from "@/lib/warehouse/datasets";
import { openTestWarehouse, testWarehouseDialects, type TestWarehouse } from "@/lib/warehouse/test-warehouses";
import { holdCoverClause, holdCovers } from "./hold-clause";
import { ZHoldTarget, type HoldTarget } from "./types";

describe.each(testWarehouseDialects())("hold coverage on %s", (dialect) => {
  let tw: TestWarehouse;
  const rowsOf: Record<string, Array<Record<string, unknown>>> = {};

  beforeAll(async () => {
    tw = await openTestWarehouse(dialect, { size: 400, seed: 11 });
    const db = new Database(tw.sqliteFile, { readonly: true });
    for (const d of Object.values(WAREHOUSE_DATASETS))
      rowsOf[d.ref] = db.prepare(`SELECT * FROM "${d.table}"`).all() as Array<Record<string, unknown>>;
    db.close();
  }, 120_000);

  afterAll(async () => {
    await tw?.dispose();
  });

  const oracle = (d: WarehouseDataset, targets: HoldTarget[]) => rowsOf[d.ref].filter((r) => targets.some((t) => holdCovers(d, t, r))).length;
  const sqlCount = async (d: WarehouseDataset, targets: HoldTarget[]) =>
    (await tw.connector.countWhere(d.ref, (p) => holdCoverClause(d, targets, p), { cap: 1_000_000 })).count;

  it("counts the same rows as the in-memory check, for each target kind and their mix", async () => {
    const legs = rowsOf["marketplace.booking_legs@1"];
    const supplier = String(legs[0].person_id);
    const buyer = String(rowsOf["marketplace.bookings@1"][3].buyer_id);
    const group = String(legs[5].lbg_id);
    const day = String(rowsOf["marketplace.bookings@1"][7].booked_at).slice(0, 10);
    const cases: HoldTarget[][] = [
      [{ kind: "subject", value: supplier }],
      [
        { kind: "subject", value: buyer },
        { kind: "subject", value: supplier },
      ],
      [{ kind: "booking_group", value: group }],
      [{ kind: "dataset", value: "marketplace.bookings@1" }],
      [{ kind: "date_range", value: "marketplace.bookings@1", fromDay: day, toDay: day }],
      [
        { kind: "subject", value: buyer },
        { kind: "booking_group", value: group },
        { kind: "date_range", value: "marketplace.booking_legs@1", fromDay: "2024-01-01", toDay: "2024-03-31" },
      ],
    ];
    let nonZero = 0;
    for (const targets of cases) {
      for (const d of Object.values(WAREHOUSE_DATASETS)) {
        const expected = oracle(d, targets);
        if (expected > 0) nonZero++;
        expect(await sqlCount(d, targets), `${d.ref} ${JSON.stringify(targets)}`).toBe(expected);
      }
    }
    expect(nonZero).toBeGreaterThan(8);
  });

  it("reaches only the datasets a target names or has a column for", async () => {
    const people = WAREHOUSE_DATASETS["marketplace.people@1"];
    expect(holdCoverClause(people, [{ kind: "booking_group", value: "lbg_x" }], () => "?")).toBeNull();
    expect(holdCoverClause(people, [{ kind: "dataset", value: "marketplace.bookings@1" }], () => "?")).toBeNull();
    expect(await sqlCount(people, [{ kind: "dataset", value: "marketplace.people@1" }])).toBe(rowsOf[people.ref].length);
  });

  it("names the ids a dataset has no record for", async () => {
    const known = String(rowsOf["marketplace.bookings@1"][0].lbg_id);
    expect(await tw.connector.missingRecordIds("marketplace.bookings@1", ["lbg_nope0000", known, "lbg_\u0000bad"])).toEqual([
      "lbg_nope0000",
      "lbg_\u0000bad",
    ]);
    expect(await tw.connector.missingRecordIds("marketplace.people@1", [])).toEqual([]);
  });
});

describe("hold target validation", () => {
  it("refuses a backwards date range, a bad day and an id of the wrong shape, naming the field", () => {
    const backwards = ZHoldTarget.safeParse({ kind: "date_range", value: "marketplace.bookings@1", fromDay: "2025-02-01", toDay: "2025-01-01" });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0].path).toEqual(["toDay"]);
    expect(ZHoldTarget.safeParse({ kind: "date_range", value: "marketplace.bookings@1", fromDay: "2025-02-30", toDay: "2025-03-01" }).success).toBe(
      false,
    );
    expect(ZHoldTarget.safeParse({ kind: "subject", value: "lbg_abcd" }).success).toBe(false);
    expect(ZHoldTarget.safeParse({ kind: "subject", value: "usr_abcd1234" }).success).toBe(true);
  });
});
