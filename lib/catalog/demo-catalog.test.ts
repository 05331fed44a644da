// The demo catalog classifies every warehouse column exactly once, with a mask wherever the tier is restricted.
import { describe, expect, it } from "vitest";
import { PRIVACY_TIERS } from "../core/tiers";
import { MASK_RULES } from "../masking/mask";
import { BACKGROUND_CHECK_COLUMNS, BOOKING_COLUMNS, BOOKING_LEG_COLUMNS, EVENT_COLUMNS, PEOPLE_COLUMNS } from "../warehouse/schema";
import { DEMO_CATALOG } from "./demo-catalog";

const dataset = (key: string) => {
  const found = DEMO_CATALOG.find((d) => d.key === key);
  if (!found) throw new Error(`dataset ${key} missing`);
  return found;
};

describe("DEMO_CATALOG", () => {
  it.each([
    ["marketplace.people", PEOPLE_COLUMNS],
    ["marketplace.bookings", BOOKING_COLUMNS],
    ["marketplace.booking_legs", BOOKING_LEG_COLUMNS],
    ["marketplace.events", EVENT_COLUMNS],
    ["marketplace.background_checks", BACKGROUND_CHECK_COLUMNS],
  ] as const)("%s classifies each warehouse column exactly once, in table order", (key, columns) => {
    expect(dataset(key).columns.map((c) => c.name)).toEqual([...columns]);
  });

  it("covers exactly the five warehouse tables, each key@version once", () => {
    const refs = DEMO_CATALOG.map((d) => `${d.key}@${d.version}`);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.sort()).toEqual([
      "marketplace.background_checks@1",
      "marketplace.booking_legs@1",
      "marketplace.bookings@1",
      "marketplace.events@1",
      "marketplace.people@1",
    ]);
  });

  it("masks every restricted column and only restricted columns", () => {
    for (const d of DEMO_CATALOG) {
      for (const c of d.columns) {
        expect(PRIVACY_TIERS, `${d.key}.${c.name}`).toContain(c.tier);
        expect(MASK_RULES, `${d.key}.${c.name}`).toContain(c.maskRule);
        expect(c.maskRule === "none", `${d.key}.${c.name}`).toBe(c.tier === "none");
        expect(c.label.trim(), `${d.key}.${c.name}`).not.toBe("");
        expect(c.description.trim(), `${d.key}.${c.name}`).not.toBe("");
      }
    }
  });

  it("has a record id column that is an unrestricted column of its dataset", () => {
    for (const d of DEMO_CATALOG) {
      expect(d.columns.find((c) => c.name === d.recordIdColumn)?.tier, d.key).toBe("none");
    }
  });

  it("leaves no restricted column on a rule that cannot read its values (e.g. city_only on a bare street line)", () => {
    const people = dataset("marketplace.people").columns;
    expect(people.filter((c) => c.maskRule === "city_only").map((c) => c.name)).toEqual([]);
    expect(people.find((c) => c.name === "street_address")?.maskRule).toBe("redact");
  });

  it("classifies the people columns per the data contract", () => {
    const tiers = Object.fromEntries(dataset("marketplace.people").columns.map((c) => [c.name, `${c.tier}/${c.maskRule}`]));
    expect(tiers).toMatchObject({
      full_name: "pii_basic/redact",
      email: "pii_basic/email",
      city: "pii_basic/redact",
      phone: "pii_sensitive/show_last_4",
      street_address: "pii_sensitive/redact",
      postal_code: "pii_sensitive/zip3",
      date_of_birth: "pii_sensitive/year",
      tin: "pii_tax/show_last_4",
      payout_1099_cents: "pii_tax/round",
      background_check_status: "background/withhold",
      background_check_ref: "background/token",
    });
  });
});
