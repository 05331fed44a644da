import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { listGrants, type TGrantsQuery } from "./list-grants";
import { revokeGrant } from "./revoke-grant";

let auditor: Actor;
let analyst: Actor;
let holder: Actor & { email: string };
let other: Actor & { email: string };
const ids: Record<string, string> = {};
const t0 = new Date("2027-02-01T08:00:00.000Z");
const MIN = 60_000;

beforeAll(async () => {
  auditor = await createTestUser("auditor");
  analyst = await createTestUser("analyst");
  holder = await createTestUser("analyst", "grantlist-holder");
  other = await createTestUser("analyst", "grantlist-other");
  // Activated a minute apart, ending 2 h, 30 h, 4 d and 6 d later.
  const plan: Array<[string, Actor, "pii_basic" | "pii_sensitive" | "pii_tax" | "background", number]> = [
    ["tax2h", holder, "pii_tax", 120],
    ["basic30h", holder, "pii_basic", 30 * 60],
    ["sens4d", holder, "pii_sensitive", 4 * 1440],
    ["bg6d", other, "background", 6 * 1440],
  ];
  for (const [i, [key, who, scope, minutes]] of plan.entries()) {
    pinClock(new Date(t0.getTime() + i * MIN));
    [ids[key]] = await grantScopes(who.id, [scope], { durationMinutes: minutes, datasets: key === "sens4d" ? ["marketplace.people@1"] : undefined });
  }
  const admin = await createTestUser("privacy_admin");
  await revokeGrant({ actor: admin, meta: testMeta() }, { grantId: ids.basic30h, reason: "Finished early" });
  pinClock(new Date(t0.getTime() + 10 * MIN));
});

afterEach(() => pinClock(new Date(t0.getTime() + 10 * MIN)));

const mine = (q: TGrantsQuery = {}) => listGrants(auditor, { holder: "grantlist-", ...q });
const idsOf = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

describe("listGrants", () => {
  it("is for auditors and privacy admins only (grant.read_all)", async () => {
    const err = await listGrants(analyst, {}).catch((e: unknown) => e);
    expect(toErrorResponse(err)).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/grant\.read_all/) } } });
  });

  it("shows active grants by default, soonest expiry first, with holder, source, datasets and who ended what", async () => {
    const page = await mine();
    expect(idsOf(page.rows)).toEqual([ids.tax2h, ids.sens4d, ids.bg6d]);
    expect(page.total).toBe(3);
    expect(page.rows[0]).toMatchObject({
      scope: "pii_tax",
      status: "active",
      source: "direct",
      holder: { id: holder.id, email: holder.email },
      datasets: null,
    });
    expect(page.rows[1].datasets).toEqual(["marketplace.people@1"]);
    const all = await mine({ status: "all" });
    expect(all.total).toBe(4);
    const revoked = await mine({ status: "revoked" });
    expect(revoked.rows).toEqual([
      expect.objectContaining({ id: ids.basic30h, endComment: "Finished early", endedByEmail: expect.stringContaining("privacy_admin-") }),
    ]);
  });

  it("filters by tier, holder, source and expiring within N hours", async () => {
    expect(idsOf((await mine({ tier: "background" })).rows)).toEqual([ids.bg6d]);
    expect(idsOf((await listGrants(auditor, { holder: other.email.toUpperCase() })).rows)).toEqual([ids.bg6d]);
    expect((await mine({ source: "break_glass" })).total).toBe(0);
    expect(idsOf((await mine({ expiringWithinHours: 3 })).rows)).toEqual([ids.tax2h]);
    expect(idsOf((await mine({ expiringWithinHours: 5 * 24 })).rows)).toEqual([ids.tax2h, ids.sens4d]);
    // Blank filters (a cleared form field) mean no filter.
    expect((await mine({ tier: "", source: "", expiringWithinHours: "" as never })).total).toBe(3);
  });

  it("sorts by expiry or activation, either way, and pages with a cursor without repeating or skipping", async () => {
    expect(idsOf((await mine({ status: "all", sort: "expires", dir: "desc" })).rows)).toEqual([ids.bg6d, ids.sens4d, ids.basic30h, ids.tax2h]);
    expect(idsOf((await mine({ status: "all", sort: "activated", dir: "asc" })).rows)).toEqual([ids.tax2h, ids.basic30h, ids.sens4d, ids.bg6d]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await mine({ status: "all", sort: "activated", dir: "desc", limit: 3, cursor });
      expect(page.total).toBe(4);
      seen.push(...idsOf(page.rows));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([ids.bg6d, ids.sens4d, ids.basic30h, ids.tax2h]);
  });

  it("answers bad parameters with 422 naming the field", async () => {
    for (const [q, field] of [
      [{ cursor: "x; DROP TABLE grants" }, "cursor"],
      [{ tier: "pii_everything" }, "tier"],
      [{ status: "pending" }, "status"],
      [{ expiringWithinHours: "0" }, "expiringWithinHours"],
      [{ sort: "reason" }, "sort"],
    ] as const) {
      expect(toErrorResponse(await mine(q as TGrantsQuery).catch((e: unknown) => e))).toMatchObject({ status: 422, body: { error: { field } } });
    }
  });
});
