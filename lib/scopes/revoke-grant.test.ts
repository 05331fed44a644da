import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, grantScopes, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { effectiveScopes } from "./effective-scopes";
import { revokeGrant } from "./revoke-grant";

let admin: Actor;
let analyst: Actor;
let auditor: Actor;

beforeAll(async () => {
  admin = await createTestUser("privacy_admin");
  analyst = await createTestUser("analyst");
  auditor = await createTestUser("auditor");
});

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const entriesAfter = (seq: number) => getDb().ledgerEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });

async function refusal(run: () => Promise<unknown>) {
  const before = await ledgerHeadSeq();
  const err = await run().then(
    () => new Error("expected a refusal, but the call succeeded"),
    (e: unknown) => e,
  );
  const { status, body } = toErrorResponse(err);
  return { status, message: body.error.message, field: body.error.field, entries: await entriesAfter(before) };
}

async function holderWithGrant() {
  const holder = await createTestUser("analyst");
  const [grantId] = await grantScopes(holder.id, ["pii_tax"]);
  await getDb().notification.deleteMany({ where: { userId: holder.id } });
  return { holder, grantId };
}

describe("revokeGrant", () => {
  it("ends the grant now with the reason, ledgers who and why, tells the holder, and the gateway stops honouring it", async () => {
    const { holder, grantId } = await holderWithGrant();
    expect(await effectiveScopes(holder.id, "marketplace.people@1")).toContain("pii_tax");
    const before = await ledgerHeadSeq();
    await revokeGrant(as(admin), { grantId, reason: "Investigation closed early" });

    expect(await getDb().grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      status: "revoked",
      endedById: admin.id,
      endComment: "Investigation closed early",
    });
    const entries = await entriesAfter(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "governance.scope_revoked",
      actorId: admin.id,
      resource: `grant:${grantId}`,
      recordId: holder.id,
      privacyTier: "pii_tax",
      purpose: "Investigation closed early",
    });
    const [note] = await getDb().notification.findMany({ where: { userId: holder.id } });
    expect(note).toMatchObject({ kind: "grant.revoked", title: "Your Tax PII access was revoked" });
    expect(note.body).toContain("Investigation closed early");
    expect(await effectiveScopes(holder.id, "marketplace.people@1")).not.toContain("pii_tax");
  });

  it("answers 409 for a grant that already ended and 404 for none, writing nothing", async () => {
    const { grantId } = await holderWithGrant();
    await revokeGrant(as(admin), { grantId, reason: "Investigation closed early" });
    const before = await ledgerHeadSeq();
    const again = toErrorResponse(await revokeGrant(as(admin), { grantId, reason: "Second click" }).catch((e: unknown) => e));
    expect(again).toMatchObject({ status: 409, body: { error: { message: "This grant is already revoked" } } });
    const none = toErrorResponse(await revokeGrant(as(admin), { grantId: "grt_doesnotexist00", reason: "Nothing to end" }).catch((e: unknown) => e));
    expect(none.status).toBe(404);
    expect(await ledgerHeadSeq()).toBe(before);
  });
});

describe("revokeGrant refusals: a clear message, nothing written, and a governance.action_refused entry", () => {
  it.each([
    ["an analyst", () => analyst],
    ["an auditor", () => auditor],
  ])("refuses %s (grant.manage), 403", async (_label, who) => {
    const { holder, grantId } = await holderWithGrant();
    const r = await refusal(() => revokeGrant(as(who()), { grantId, reason: "I want it gone" }));
    expect(r.status).toBe(403);
    expect(r.message).toMatch(/does not allow this \(grant\.manage\)/);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({
      action: "governance.action_refused",
      decision: "deny",
      actorId: who().id,
      resource: `grant:${grantId}`,
      privacyTier: "pii_tax",
      recordId: holder.id,
    });
    expect(JSON.parse(r.entries[0].payload!)).toMatchObject({ attempted: "revoke_grant", code: "forbidden" });
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: grantId } })).status).toBe("active");
    expect(await getDb().notification.count({ where: { userId: holder.id } })).toBe(0);
  });

  it.each([
    ["missing", undefined, /A reason is required/],
    ["blank", "   ", /at least 5 characters/],
  ])("refuses a reason %s, 422 on the reason", async (_label, reason, message) => {
    const { holder, grantId } = await holderWithGrant();
    const r = await refusal(() => revokeGrant(as(admin), { grantId, reason: reason as string }));
    expect(r).toMatchObject({ status: 422, field: "reason" });
    expect(r.message).toMatch(message);
    expect(r.entries.map((e) => [e.action, e.decision, e.actorId])).toEqual([["governance.action_refused", "deny", admin.id]]);
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: grantId } })).status).toBe("active");
    expect(await getDb().notification.count({ where: { userId: holder.id } })).toBe(0);
  });
});
