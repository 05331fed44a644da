import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestUser, grantScopes } from "@/lib/test/fixtures";
import { effectiveScopes, grantCovers } from "./effective-scopes";
import { parseDatasets } from "./vocabulary";
import { listActiveGrants } from "./list-active-grants";

const PEOPLE = "marketplace.people@1";

describe("effectiveScopes", () => {
  it("counts a grant only inside [activation, expiry) and only for the datasets it names", async () => {
    const holder = await createTestUser("analyst");
    const [everywhere] = await grantScopes(holder.id, ["pii_basic"], { durationMinutes: 60 });
    await grantScopes(holder.id, ["pii_tax"], { datasets: ["marketplace.bookings@1"] });
    const g = await getDb().grant.findUniqueOrThrow({ where: { id: everywhere } });

    expect([...(await effectiveScopes(holder.id, PEOPLE))]).toEqual(["pii_basic"]);
    expect([...(await effectiveScopes(holder.id, "marketplace.bookings@1"))].sort()).toEqual(["pii_basic", "pii_tax"]);
    expect(await effectiveScopes(holder.id, PEOPLE, new Date(g.activatedAt.getTime() - 1))).toEqual(new Set());
    expect(await effectiveScopes(holder.id, PEOPLE, new Date(g.expiresAt.getTime() - 1))).toEqual(new Set(["pii_basic"]));
    expect(await effectiveScopes(holder.id, PEOPLE, g.expiresAt)).toEqual(new Set());
  });

  it("counts nothing for a dataset name that is not key@version, and nothing of another user's grants", async () => {
    const holder = await createTestUser("analyst");
    const other = await createTestUser("analyst");
    await grantScopes(holder.id, ["pii_basic"]);
    expect(await effectiveScopes(holder.id, "marketplace.people")).toEqual(new Set());
    expect(await effectiveScopes(holder.id, "%")).toEqual(new Set());
    expect(await effectiveScopes(other.id, PEOPLE)).toEqual(new Set());
  });

  it("skips grants of a tier it does not know (fail closed), and listActiveGrants returns each grant's datasets", async () => {
    const holder = await createTestUser("analyst");
    const [odd, limited] = await grantScopes(holder.id, ["pii_basic", "pii_sensitive"], { datasets: [PEOPLE] });
    await getDb().grant.update({ where: { id: odd }, data: { scope: "pii_everything" } });
    try {
      expect(await effectiveScopes(holder.id, PEOPLE)).toEqual(new Set(["pii_sensitive"]));
      expect((await listActiveGrants(holder.id)).map((g) => [g.id, g.scope, g.source, g.datasets])).toEqual([
        [limited, "pii_sensitive", "direct", [PEOPLE]],
      ]);
    } finally {
      // The test files share one database: an active grant of no known tier would reach every later file that ends
      // grants (the expiry job in lib/sla/governance/governance.test.ts ledgers its tier, and the ledger refuses it).
      await getDb().grant.delete({ where: { id: odd } });
    }
  });
});

describe("parseDatasets / grantCovers", () => {
  it.each<[string | null, string[] | null]>([
    [null, null],
    ['["marketplace.people@1"]', [PEOPLE]],
    ['["marketplace.bookings@1","marketplace.people@1"]', ["marketplace.bookings@1", PEOPLE]],
    ["[]", []],
    ["", []],
    ["null", []],
    ["not json", []],
    ['{"0":"marketplace.people@1"}', []],
    ['"marketplace.people@1"', []],
    ['[["marketplace.people@1"]]', []],
    ['["marketplace.people@1", 1]', []],
    ['["marketplace.people"]', []],
  ])("%s → %j", (stored, limit) => {
    expect(parseDatasets(stored)).toEqual(limit);
    expect(grantCovers(stored, PEOPLE)).toBe(limit === null || limit.includes(PEOPLE));
  });
});
