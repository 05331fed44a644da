// The demo warehouse generator: deterministic, atomic, and faithful to the data contract.
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoWarehouse } from "./generate-demo-warehouse";
import { PERSON_ROLES, SUPPLIER_ROLES, toSearchKey } from "./schema";

const root = mkdtempSync(path.join(os.tmpdir(), "warden-warehouse-gen-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const freshPath = () => path.join(mkdtempSync(path.join(root, `w${counter++}-`)), "warehouse.db");

function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const snapshot = (file: string) => ({
  meta: query(file, "SELECT * FROM meta ORDER BY key"),
  people: query(file, "SELECT * FROM people ORDER BY person_id"),
  bookings: query(file, "SELECT * FROM bookings ORDER BY lbg_id"),
  legs: query(file, "SELECT * FROM booking_legs ORDER BY booking_leg_id"),
});

const buildFiles = (file: string) => readdirSync(path.dirname(file)).filter((name) => name.includes(".tmp"));

const count = (file: string, table: string) => query<{ n: number }>(file, `SELECT count(*) AS n FROM ${table}`)[0].n;

describe("generateDemoWarehouse", () => {
  it("produces identical rows for the same seed and size, different rows for another seed", () => {
    const a = freshPath();
    const b = freshPath();
    const c = freshPath();
    generateDemoWarehouse({ path: a, size: 600, seed: 5 });
    generateDemoWarehouse({ path: b, size: 600, seed: 5 });
    generateDemoWarehouse({ path: c, size: 600, seed: 6 });
    expect(snapshot(b)).toEqual(snapshot(a));
    const other = snapshot(c);
    expect(other.people).not.toEqual(snapshot(a).people);
    expect(other.people.map((p) => p.person_id)).not.toContain(snapshot(a).people[0].person_id);
  });

  it("reports and records its counts: size people, size/2 bookings, 1–4 legs each", () => {
    const file = freshPath();
    const progress: Array<[number, number]> = [];
    const result = generateDemoWarehouse({ path: file, size: 1001, onProgress: (done, total) => progress.push([done, total]) });
    expect(result.people).toBe(1001);
    expect(result.bookings).toBe(500);
    expect(count(file, "people")).toBe(1001);
    expect(count(file, "bookings")).toBe(500);
    expect(count(file, "booking_legs")).toBe(result.legs);
    const perBooking = query<{ legs: number }>(file, "SELECT count(*) AS legs FROM booking_legs GROUP BY lbg_id");
    expect(perBooking).toHaveLength(500);
    expect(Math.min(...perBooking.map((r) => r.legs))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perBooking.map((r) => r.legs))).toBeLessThanOrEqual(4);
    expect(progress.at(-1)).toEqual([1501, 1501]);

    const meta = Object.fromEntries(query<{ key: string; value: string }>(file, "SELECT key, value FROM meta").map((r) => [r.key, r.value]));
    expect(meta).toMatchObject({ seed: "42", size: "1001", schema_version: "1", people: "1001", bookings: "500", booking_legs: String(result.legs) });
    expect(meta.generated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("replaces an existing warehouse instead of adding to it, and leaves no build files behind", () => {
    const file = freshPath();
    generateDemoWarehouse({ path: file, size: 500 });
    generateDemoWarehouse({ path: file, size: 500 });
    expect(count(file, "people")).toBe(500);
    generateDemoWarehouse({ path: file, size: 300 });
    expect(count(file, "people")).toBe(300);
    expect(count(file, "bookings")).toBe(150);
    expect(buildFiles(file)).toEqual([]);
  });

  it("keeps the previous warehouse intact when a build fails midway", () => {
    const file = freshPath();
    generateDemoWarehouse({ path: file, size: 300 });
    const before = snapshot(file);
    expect(() =>
      generateDemoWarehouse({
        path: file,
        size: 2000,
        onProgress: () => {
          throw new Error("disk on fire");
        },
      }),
    ).toThrow("disk on fire");
    expect(snapshot(file)).toEqual(before);
    expect(buildFiles(file)).toEqual([]);
  });

  it("removes build files orphaned by a crashed process", () => {
    const file = freshPath();
    const orphan = `${file}.tmp-2147483646-deadbeef`; // no such pid
    writeFileSync(orphan, "half a warehouse");
    generateDemoWarehouse({ path: file, size: 50 });
    expect(existsSync(orphan)).toBe(false);
  });

  it("rejects sizes and seeds it cannot honour", () => {
    const file = freshPath();
    expect(() => generateDemoWarehouse({ path: file, size: 0 })).toThrow(RangeError);
    expect(() => generateDemoWarehouse({ path: file, size: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoWarehouse({ path: file, size: 10, seed: -1 })).toThrow(RangeError);
    expect(existsSync(file)).toBe(false);
  });

  it("handles sizes too small to have both buyers and suppliers", () => {
    const file = freshPath();
    const result = generateDemoWarehouse({ path: file, size: 1 });
    expect(result.people).toBe(1);
    expect(count(file, "booking_legs")).toBe(result.legs);
  });

  describe("data", () => {
    const file = freshPath();
    let people: Array<Record<string, string | number | null>> = [];
    let byId = new Map<string, Record<string, string | number | null>>();
    beforeAll(() => {
      generateDemoWarehouse({ path: file, size: 3000, seed: 9 });
      people = query(file, "SELECT * FROM people");
      byId = new Map(people.map((p) => [p.person_id as string, p]));
    });

    it("follows the people contract", () => {
      expect(new Set(people.map((p) => p.person_id)).size).toBe(people.length);
      for (const p of people) {
        expect(p.person_id).toMatch(/^usr_[0-9a-hjkmnp-tv-z]{12}$/);
        expect(PERSON_ROLES).toContain(p.role);
        expect(p.email).toMatch(/^[a-z0-9._]+@example\.(com|net|org)$/);
        expect(p.state).toMatch(/^[A-Z]{2}$/);
        expect(p.phone).toMatch(/^\+1[2-9]\d{2}5550[1]\d{2}$/);
        expect(p.postal_code).toMatch(/^\d{5}$/);
        expect(p.date_of_birth).toMatch(/^(19|20)\d\d-\d\d-\d\d$/);
        expect(p.tin).toMatch(/^9\d\d-\d\d-\d{4}$/);
        expect(p.payout_currency).toBe("USD");
        expect(p.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(p.name_search).toBe(toSearchKey(p.full_name as string));
        expect((p.name_search as string).endsWith(` ${p.last_name_search}`)).toBe(true);
        if (p.role === "buyer") {
          expect(p.payout_1099_cents).toBe(0);
          expect(p.background_check_status).toBe("not_required");
          expect(p.background_check_ref).toBeNull();
        } else {
          expect(["clear", "consider", "pending"]).toContain(p.background_check_status);
          if (p.background_check_status !== "pending") expect(p.background_check_ref).toMatch(/^bgc_[0-9a-z]{12}$/);
        }
      }
      expect(people.some((p) => (p.payout_1099_cents as number) > 0)).toBe(true);
    });

    it("links bookings to buyers and legs to suppliers of the leg's role in the booking's city", () => {
      const legs = query<Record<string, string | number>>(
        file,
        "SELECT l.*, b.city_id AS booking_city, b.booked_at FROM booking_legs l JOIN bookings b USING (lbg_id)",
      );
      expect(legs.length).toBe(count(file, "booking_legs"));
      for (const leg of legs) {
        expect(leg.booking_leg_id).toMatch(/^leg_[0-9a-z]{12}$/);
        expect(SUPPLIER_ROLES).toContain(leg.leg_role);
        expect(byId.get(leg.person_id as string)?.role).toBe(leg.leg_role);
        expect(leg.city_id).toBe(leg.booking_city);
        expect(leg.starts_at > leg.booked_at).toBe(true);
      }
      for (const b of query<Record<string, string>>(file, "SELECT * FROM bookings")) {
        expect(b.lbg_id).toMatch(/^lbg_[0-9a-z]{12}$/);
        expect(byId.get(b.buyer_id)?.role).toBe("buyer");
        expect(b.city_id).toMatch(/^cty_[a-z]{3}$/);
      }
      expect(query(file, "PRAGMA foreign_key_check")).toEqual([]);
    });

    it("charges the buyer the legs plus a fee and pays suppliers their tax-year legs net of the platform take", () => {
      const totals = query<{ total_cents: number; legs: number }>(
        file,
        "SELECT b.total_cents, sum(l.amount_cents) AS legs FROM bookings b JOIN booking_legs l USING (lbg_id) GROUP BY b.lbg_id",
      );
      for (const t of totals) expect(t.total_cents).toBe(t.legs + Math.round(t.legs * 0.1));

      const [{ value: year }] = query<{ value: string }>(file, "SELECT value FROM meta WHERE key = 'payout_1099_tax_year'");
      const expected = new Map<string, number>();
      for (const leg of query<{ person_id: string; amount_cents: number }>(
        file,
        "SELECT person_id, amount_cents FROM booking_legs WHERE substr(starts_at, 1, 4) = ?",
        year,
      )) {
        expected.set(leg.person_id, (expected.get(leg.person_id) ?? 0) + Math.round(leg.amount_cents * 0.8));
      }
      for (const p of people) expect(p.payout_1099_cents, p.person_id as string).toBe(expected.get(p.person_id as string) ?? 0);
    });

    it("is left in WAL mode with the search indexes in place", () => {
      expect(query(file, "PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
      const indexes = query<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'");
      expect(indexes.map((i) => i.name).sort()).toEqual([
        "booking_legs_lbg_id",
        "booking_legs_person_id",
        "bookings_buyer_id",
        "people_last_name_search",
        "people_name_search",
      ]);
    });
  });
});
