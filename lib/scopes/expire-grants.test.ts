import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { createTestUser, grantScopes, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { effectiveScopes } from "./effective-scopes";
import { expireGrants } from "./expire-grants";
import { revokeGrant } from "./revoke-grant";

afterEach(() => pinClock(null));

const HOUR = 3_600_000;

async function grantFor(hours: number) {
  const holder = await createTestUser("analyst");
  const [id] = await grantScopes(holder.id, ["pii_tax"], { durationMinutes: hours * 60 });
  await getDb().notification.deleteMany({ where: { userId: holder.id } });
  return { holder, grant: await getDb().grant.findUniqueOrThrow({ where: { id } }) };
}

describe("expireGrants (the scopes.expire_grants job)", () => {
  it("ends a grant past its end time as the system, ledgers it, tells the holder; the gateway had stopped honouring it already", async () => {
    const { holder, grant } = await grantFor(24);
    const after = new Date(grant.expiresAt.getTime() + 60_000);
    pinClock(after);
    // Before the job: the row is active, yet the grant counts for nothing.
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("active");
    expect(await effectiveScopes(holder.id, "marketplace.people@1")).not.toContain("pii_tax");

    const head = await ledgerHeadSeq();
    const run = await expireGrants(after, testMeta());
    expect(run.expired).toBeGreaterThanOrEqual(1);
    expect(await getDb().grant.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({ status: "expired", endedAt: after, endedById: null });
    const entries = await getDb().ledgerEntry.findMany({ where: { seq: { gt: head }, resource: `grant:${grant.id}` } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "governance.scope_expired",
      actorId: null,
      actorRole: "system",
      recordId: holder.id,
      privacyTier: "pii_tax",
    });
    expect(JSON.parse(entries[0].payload!)).toMatchObject({ grant_id: grant.id, expires_at: grant.expiresAt.toISOString() });
    const notes = await getDb().notification.findMany({ where: { userId: holder.id } });
    expect(notes.map((n) => [n.kind, n.title])).toEqual([["grant.expired", "Your Tax PII access has expired"]]);

    // A second run finds nothing more to do for it.
    const again = await ledgerHeadSeq();
    await expireGrants(after, testMeta());
    expect(await getDb().ledgerEntry.count({ where: { seq: { gt: again }, resource: `grant:${grant.id}` } })).toBe(0);
  });

  it("leaves grants that have time left, and grants ended another way", async () => {
    const running = await grantFor(48);
    const revoked = await grantFor(2);
    const admin = await createTestUser("privacy_admin");
    await revokeGrant({ actor: admin, meta: testMeta() }, { grantId: revoked.grant.id, reason: "No longer needed" });
    const at = new Date(Date.now() + 3 * HOUR);
    pinClock(at);
    await expireGrants(at, testMeta());
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: running.grant.id } })).status).toBe("active");
    expect(await getDb().grant.findUniqueOrThrow({ where: { id: revoked.grant.id } })).toMatchObject({ status: "revoked", endedById: admin.id });
    expect(await getDb().notification.count({ where: { userId: running.holder.id } })).toBe(0);
  });
});
