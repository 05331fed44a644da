// The demo warehouse generator: deterministic, atomic, and faithful to the data contract.
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoWarehouse } from "./generate-demo-warehouse";
import { EVENT_NAMES, EVENT_PLATFORMS, PERSON_ROLES, SUPPLIER_ROLES, toSearchKey } from "./schema";

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
  events: query(file, "SELECT * FROM events ORDER BY event_id"),
  checks: query(file, "SELECT * FROM background_checks ORDER BY check_id"),
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
    expect(snapshot(a).events.length).toBeGreaterThan(0);
    expect(snapshot(a).checks.length).toBeGreaterThan(0);
  });

  it("places the raw events by eventsUntil alone: the same instant gives the same rows, another shifts only the events", () => {
    const until = new Date("2026-11-29T17:00:00Z");
    const a = freshPath();
    const b = freshPath();
    const c = freshPath();
    generateDemoWarehouse({ path: a, size: 500, seed: 3, eventsUntil: until });
    generateDemoWarehouse({ path: b, size: 500, seed: 3, eventsUntil: until });
    generateDemoWarehouse({ path: c, size: 500, seed: 3, eventsUntil: new Date("2026-12-29T17:00:00Z") });
    expect(snapshot(b)).toEqual(snapshot(a));
    const [sa, sc] = [snapshot(a), snapshot(c)];
    expect(sc.people).toEqual(sa.people);
    expect(sc.bookings).toEqual(sa.bookings);
    expect(sc.checks).toEqual(sa.checks);
    expect(sc.events).not.toEqual(sa.events);
    expect(sa.meta.find((m) => m.key === "events_until")?.value).toBe("2026-11-29T17:00:00Z");
  });

  it("refuses an eventsUntil that is not a date", () => {
    expect(() => generateDemoWarehouse({ path: freshPath(), size: 10, eventsUntil: new Date("nope") })).toThrow(/eventsUntil/);
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
    expect(meta).toMatchObject({ seed: "42", size: "1001", schema_version: "2", people: "1001", bookings: "500", booking_legs: String(result.legs) });
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
        "background_checks_completed_at",
        "background_checks_person_id",
        "booking_legs_lbg_id",
        "booking_legs_person_id",
        "bookings_buyer_id",
        "events_lbg_id",
        "events_occurred_at",
        "events_person_id",
        "people_last_name_search",
        "people_name_search",
      ]);
    });

    it("writes one background check per person with a reference: theirs, in their state, completed after sign-up unless pending", () => {
      const checks = query<Record<string, string | null>>(file, "SELECT * FROM background_checks");
      const referenced = people.filter((p) => p.background_check_ref !== null);
      expect(checks).toHaveLength(referenced.length);
      expect(checks.length).toBeGreaterThan(100);
      const byRef = new Map(checks.map((c) => [c.check_id, c]));
      for (const p of referenced) {
        const check = byRef.get(p.background_check_ref as string)!;
        expect(check, p.person_id as string).toBeDefined();
        expect(check.person_id).toBe(p.person_id);
        expect(check.status).toBe(p.background_check_status);
        expect(check.state).toBe(p.state);
        expect(["Checkr", "Sterling", "HireRight"]).toContain(check.vendor);
        if (check.status === "pending") expect(check.completed_at).toBeNull();
        else expect(check.completed_at! > (p.created_at as string)).toBe(true);
      }
      expect(checks.some((c) => c.status === "pending")).toBe(true);
    });

    it("writes about four raw events a person, in sessions, in the 180 days before eventsUntil and never before sign-up", () => {
      const events = query<Record<string, string | null>>(file, "SELECT * FROM events");
      const [{ value: until }] = query<{ value: string }>(file, "SELECT value FROM meta WHERE key = 'events_until'");
      const from = new Date(Date.parse(until) - 180 * 86_400_000).toISOString().slice(0, 19) + "Z";
      expect(events.length / people.length).toBeGreaterThan(3);
      expect(events.length / people.length).toBeLessThan(5);
      const bookingsOf = new Map<string, Set<string>>();
      for (const r of query<{ person_id: string; lbg_id: string }>(
        file,
        "SELECT buyer_id AS person_id, lbg_id FROM bookings UNION SELECT person_id, lbg_id FROM booking_legs",
      )) {
        bookingsOf.set(r.person_id, (bookingsOf.get(r.person_id) ?? new Set()).add(r.lbg_id));
      }
      // Checked row by row, reported once: thousands of expect() calls would dominate the test's time.
      const sessions = new Map<string, string>();
      const bad: string[] = [];
      for (const e of events) {
        const person = byId.get(e.person_id!)!;
        const problems = [
          !/^evt_[0-9a-z]{12}$/.test(e.event_id!) && "event_id",
          !/^ses_[0-9a-z]{12}$/.test(e.session_id!) && "session_id",
          !(EVENT_NAMES as readonly string[]).includes(e.event_name!) && "event_name",
          !(EVENT_PLATFORMS as readonly string[]).includes(e.platform!) && "platform",
          !(e.occurred_at! >= from && e.occurred_at! < until) && "outside the window",
          !(e.occurred_at! > (person.created_at as string)) && "before sign-up",
          e.state !== person.state && "state",
          // A session belongs to one person.
          (sessions.get(e.session_id!) ?? e.person_id) !== e.person_id && "session of another person",
          e.lbg_id !== null && !bookingsOf.get(e.person_id!)?.has(e.lbg_id) && "booking not theirs",
          (e.lbg_id !== null) !== (e.event_name === "booking.viewed" || e.event_name === "message.sent") && "lbg_id vs event_name",
        ].filter(Boolean);
        sessions.set(e.session_id!, e.person_id!);
        if (problems.length > 0) bad.push(`${e.event_id}: ${problems.join(", ")}`);
      }
      expect(bad.slice(0, 5)).toEqual([]);
      expect(events.some((e) => e.lbg_id !== null)).toBe(true);
      expect(query(file, "PRAGMA foreign_key_check")).toEqual([]);
    });
  });
});
