import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { effectiveScopes } from "./effective-scopes";
import { getPolicy } from "./get-policy";
import { grantDirectly, type TGrantDirectly } from "./grant-directly";
import { listActiveGrants } from "./list-active-grants";

let admin: Actor;
let analyst: Actor & { email: string };
let auditor: Actor;

beforeAll(async () => {
  admin = await createTestUser("privacy_admin");
  auditor = await createTestUser("auditor");
  analyst = await createTestUser("analyst");
});

afterEach(() => pinClock(null));

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const DAY = 1440;

async function entriesAfter(seq: number) {
  return getDb().ledgerEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
}

/** Runs a governance call that must be refused: its error as the HTTP mapper shows it, and the entries it wrote. */
async function refusal(run: () => Promise<unknown>) {
  const before = await ledgerHeadSeq();
  const err = await run().then(
    () => new Error("expected a refusal, but the call succeeded"),
    (e: unknown) => e,
  );
  const { status, body } = toErrorResponse(err);
  return { status, message: body.error.message, field: body.error.field, entries: await entriesAfter(before) };
}

async function writtenFor(userId: string) {
  const db = getDb();
  return { grants: await db.grant.count({ where: { userId } }), notes: await db.notification.count({ where: { userId } }) };
}

describe("grantDirectly", () => {
  it("activates a grant now for the asked duration, records it granted then activated, and tells the grantee", async () => {
    const grantee = await createTestUser("analyst");
    const t0 = new Date("2026-12-01T09:00:00.000Z");
    pinClock(t0);
    const before = await ledgerHeadSeq();
    const g = await grantDirectly(as(admin), { userId: grantee.id, scope: "pii_tax", reason: "Payout dispute PRIV-4410", durationMinutes: 3 * DAY });

    expect(g.activatedAt).toEqual(t0);
    expect(g.expiresAt).toEqual(new Date(t0.getTime() + 3 * 86_400_000));
    const row = await getDb().grant.findUniqueOrThrow({ where: { id: g.id } });
    expect(row).toMatchObject({
      userId: grantee.id,
      scope: "pii_tax",
      status: "active",
      source: "direct",
      grantedById: admin.id,
      datasets: null,
      policyVersion: (await getPolicy("pii_tax")).version,
      reason: "Payout dispute PRIV-4410",
    });

    const entries = await entriesAfter(before);
    expect(entries.map((e) => e.action)).toEqual(["governance.scope_granted", "governance.scope_activated"]);
    for (const e of entries)
      expect(e).toMatchObject({
        actorId: admin.id,
        actorRole: "privacy_admin",
        resource: `grant:${g.id}`,
        recordId: grantee.id,
        privacyTier: "pii_tax",
      });
    expect(JSON.parse(entries[0].payload!)).toMatchObject({ grant_id: g.id, source: "direct", duration_minutes: 3 * DAY, datasets: null });
    expect(entries[0].purpose).toBe("Payout dispute PRIV-4410");

    const notes = await getDb().notification.findMany({ where: { userId: grantee.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "grant.granted", title: "You were granted Tax PII access", href: "/access" });
    expect(notes[0].body).toContain("2026-12-04 09:00 UTC");
  });

  it("takes an end time instead of a duration, and limits the grant to the datasets named (sorted, once each)", async () => {
    const grantee = await createTestUser("analyst");
    const t0 = new Date("2026-12-01T09:00:00.000Z");
    pinClock(t0);
    const g = await grantDirectly(as(admin), {
      userEmail: analyst.email.toUpperCase(),
      scope: "pii_sensitive",
      reason: "Booking investigation",
      expiresAt: new Date(t0.getTime() + 2 * 3_600_000),
      datasets: ["marketplace.people@1", "marketplace.bookings@1", "marketplace.people@1"],
    });
    expect(g).toMatchObject({ userId: analyst.id, expiresAt: new Date(t0.getTime() + 2 * 3_600_000) });
    expect(g.datasets).toEqual(["marketplace.bookings@1", "marketplace.people@1"]);
    const [active] = (await listActiveGrants(analyst.id)).filter((a) => a.id === g.id);
    expect(active.datasets).toEqual(["marketplace.bookings@1", "marketplace.people@1"]);
    expect(await effectiveScopes(analyst.id, "marketplace.people@1")).toContain("pii_sensitive");
    expect(await effectiveScopes(analyst.id, "marketplace.booking_legs@1")).not.toContain("pii_sensitive");
    expect(await writtenFor(grantee.id)).toEqual({ grants: 0, notes: 0 });
  });
});

describe("grantDirectly refusals: a clear message, nothing written, and a governance.action_refused entry", () => {
  const good = (userId: string): TGrantDirectly => ({ userId, scope: "pii_tax", reason: "Payout dispute PRIV-4410", durationMinutes: 2 * DAY });

  it.each([
    ["an analyst", () => analyst],
    ["an auditor", () => auditor],
  ])("refuses %s (grant.manage), 403", async (_label, who) => {
    const grantee = await createTestUser("analyst");
    const r = await refusal(() => grantDirectly(as(who()), good(grantee.id)));
    expect(r.status).toBe(403);
    expect(r.message).toMatch(/does not allow this \(grant\.manage\)/);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({
      action: "governance.action_refused",
      decision: "deny",
      actorId: who().id,
      privacyTier: "pii_tax",
      recordId: grantee.id,
    });
    expect(JSON.parse(r.entries[0].payload!)).toMatchObject({ attempted: "grant_directly", code: "forbidden" });
    expect(await writtenFor(grantee.id)).toEqual({ grants: 0, notes: 0 });
  });

  it("refuses a grant to oneself, 403, even by email", async () => {
    const self = await createTestUser("privacy_admin");
    for (const target of [{ userId: self.id }, { userEmail: self.email }]) {
      const r = await refusal(() => grantDirectly(as(self), { ...good(self.id), userId: undefined, ...target }));
      expect(r.status).toBe(403);
      expect(r.message).toMatch(/Nobody can grant access to themselves/);
      expect(r.entries).toHaveLength(1);
      expect(r.entries[0]).toMatchObject({ action: "governance.action_refused", decision: "deny", actorId: self.id, recordId: self.id });
    }
    expect(await writtenFor(self.id)).toEqual({ grants: 0, notes: 0 });
  });

  it("refuses longer than the tier's policy allows, naming the limit, 422 on the duration", async () => {
    const grantee = await createTestUser("analyst");
    const policy = await getPolicy("pii_tax");
    const r = await refusal(() => grantDirectly(as(admin), { ...good(grantee.id), durationMinutes: policy.maxDurationMinutes + 1 }));
    expect(r).toMatchObject({ status: 422, field: "durationMinutes" });
    expect(r.message).toMatch(/Tax PII grants last at most 14 days \(policy v\d+\)/);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ action: "governance.action_refused", decision: "deny", actorId: admin.id, recordId: grantee.id });
    expect(await writtenFor(grantee.id)).toEqual({ grants: 0, notes: 0 });

    const late = await refusal(() =>
      grantDirectly(as(admin), {
        ...good(grantee.id),
        durationMinutes: undefined,
        expiresAt: new Date(Date.now() + (policy.maxDurationMinutes + 60) * 60_000),
      }),
    );
    expect(late).toMatchObject({ status: 422, field: "expiresAt" });
    expect(late.entries).toHaveLength(1);
  });

  it.each([
    ["missing", undefined, /A reason is required/],
    ["too short", "ok", /at least 5 characters/],
    ["carrying an email", "Asked by jane.doe@example.com", /email address/],
  ])("refuses a reason %s, 422 on the reason", async (_label, reason, message) => {
    const grantee = await createTestUser("analyst");
    const r = await refusal(() => grantDirectly(as(admin), { ...good(grantee.id), reason: reason as string }));
    expect(r).toMatchObject({ status: 422, field: "reason" });
    expect(r.message).toMatch(message);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ action: "governance.action_refused", decision: "deny", actorId: admin.id });
    expect(r.entries[0].purpose).not.toContain("jane.doe");
    expect(await writtenFor(grantee.id)).toEqual({ grants: 0, notes: 0 });
  });

  it("refuses a disabled grantee, an unknown email, an unknown dataset and a missing duration, each on its field", async () => {
    const disabled = await createTestUser("analyst");
    await getDb().user.update({ where: { id: disabled.id }, data: { status: "disabled" } });
    const grantee = await createTestUser("analyst");
    const cases: Array<[TGrantDirectly, string, RegExp]> = [
      [good(disabled.id), "userId", /disabled/],
      [{ ...good(grantee.id), userId: undefined, userEmail: "nobody-here@test.warden" }, "userEmail", /No console user/],
      [{ ...good(grantee.id), datasets: ["marketplace.nothing@9"] }, "datasets", /Not in the catalog: marketplace\.nothing@9/],
      [{ ...good(grantee.id), datasets: [] }, "datasets", /at least one dataset/],
      [{ ...good(grantee.id), durationMinutes: undefined }, "durationMinutes", /either a duration or an end time/],
      [{ ...good(grantee.id), durationMinutes: 5 }, "durationMinutes", /at least 15 minutes/],
    ];
    for (const [input, field, message] of cases) {
      const r = await refusal(() => grantDirectly(as(admin), input));
      expect(r, field).toMatchObject({ status: 422, field });
      expect(r.message).toMatch(message);
      expect(r.entries.map((e) => e.action)).toEqual(["governance.action_refused"]);
    }
    expect(await writtenFor(disabled.id)).toEqual({ grants: 0, notes: 0 });
    expect(await writtenFor(grantee.id)).toEqual({ grants: 0, notes: 0 });
  });
});
