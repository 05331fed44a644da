// Asking for access, withdrawing a request and giving a grant back, called directly: the policy in force decides
// what may be asked; every refusal is ledgered with nothing else changed.
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { createTestUser, grantScopes, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { cancelAccessRequest } from "./cancel-access-request";
import { createAccessRequest, type CreateAccessRequest } from "./create-access-request";
import { approveAccessRequest } from "./decide-access-request";
import { relinquishGrant } from "./relinquish-grant";

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const DAY = 1440;
const TAX: CreateAccessRequest = { scope: "pii_tax", reason: "Year-end 1099 reconciliation", ticket: "PRIV-1234", durationMinutes: 14 * DAY };

const policyRows: string[] = [];
afterEach(async () => {
  pinClock(null);
  // Policies are shared by every test file: remove the versions this file added, so the defaults are in force again.
  if (policyRows.length) await getDb().scopePolicy.deleteMany({ where: { id: { in: policyRows.splice(0) } } });
});

async function withPolicy(scope: Scope, change: { reasonRequired?: boolean; ticketPattern?: string | null }) {
  const current = await getDb().scopePolicy.findFirstOrThrow({ where: { scope }, orderBy: { version: "desc" } });
  const id = newId("pol");
  policyRows.push(id);
  await getDb().scopePolicy.create({
    data: { ...current, ...change, id, version: current.version + 1, changeReason: "test", createdAt: new Date() },
  });
  return current.version + 1;
}

async function counts(userId: string) {
  const db = getDb();
  return {
    requests: await db.accessRequest.findMany({ where: { requesterId: userId }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    grants: await db.grant.findMany({ where: { userId }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    notifications: await db.notification.count(),
  };
}

/** The attempt is refused with this message (and field), nothing changes, and one refusal entry by `actor` is added. */
async function expectRefused(actor: Actor, run: () => Promise<unknown>, message: string | RegExp, field?: string) {
  const before = await counts(actor.id);
  const head = await ledgerHeadSeq();
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).message).toMatch(message);
  expect((err as AppError).field).toBe(field);
  expect(await counts(actor.id)).toEqual(before);
  const added = await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } });
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ action: "governance.action_refused", decision: "deny", actorId: actor.id, purpose: (err as AppError).message });
  return { err: err as AppError, entry: added[0] };
}

describe("createAccessRequest: refusals under the policy in force", () => {
  it("refuses a role without scope.request", async () => {
    const auditor = await createTestUser("auditor");
    const { err, entry } = await expectRefused(
      auditor,
      () => createAccessRequest(as(auditor), TAX),
      "Your role cannot request access (scope.request)",
    );
    expect(err.code).toBe("forbidden");
    expect(entry).toMatchObject({ privacyTier: "pii_tax", resource: "scope:pii_tax" });
  });

  it("refuses a missing reason where the policy requires one", async () => {
    const analyst = await createTestUser("analyst");
    const { err } = await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, reason: "  " }),
      "The pii_tax policy requires a reason",
      "reason",
    );
    expect(err.status).toBe(422);
  });

  it("refuses a reason with personal data in it, even where a reason is optional", async () => {
    const analyst = await createTestUser("analyst");
    await withPolicy("pii_basic", { reasonRequired: false });
    const { entry } = await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { scope: "pii_basic", reason: "Call jane.doe@example.com back", durationMinutes: DAY }),
      /^The reason contains what looks like an email address/,
      "reason",
    );
    // The refusal's ledger entry never carries the text that was refused.
    expect(JSON.stringify(entry)).not.toContain("jane.doe");
  });

  it("accepts no reason where the policy does not require one", async () => {
    const analyst = await createTestUser("analyst");
    const version = await withPolicy("pii_basic", { reasonRequired: false });
    const req = await createAccessRequest(as(analyst), { scope: "pii_basic", durationMinutes: DAY });
    expect(await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({ reason: "", policyVersion: version });
  });

  it("refuses a missing ticket and a ticket that does not match the pattern", async () => {
    const analyst = await createTestUser("analyst");
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, ticket: "" }),
      "The pii_tax policy requires a ticket matching ^PRIV-[0-9]+$",
      "ticket",
    );
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, ticket: "JIRA-77" }),
      "The ticket must match ^PRIV-[0-9]+$ (the pii_tax policy)",
      "ticket",
    );
  });

  it("refuses (never a 500) when the policy's ticket pattern does not compile", async () => {
    const analyst = await createTestUser("analyst");
    await withPolicy("pii_tax", { ticketPattern: "^PRIV-[0-9+$" });
    const { err } = await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), TAX),
      /ticket pattern \(version \d+\) is not a valid regular expression/,
      "ticket",
    );
    expect(err.status).toBe(409);
  });

  it("refuses more than the policy's maximum duration, and less than an hour", async () => {
    const analyst = await createTestUser("analyst");
    const { err } = await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, durationMinutes: 15 * DAY }),
      "pii_tax access lasts at most 14 days (policy version 1); you asked for 15 days",
      "durationMinutes",
    );
    expect(err.status).toBe(422);
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, durationMinutes: 59 }),
      "Ask for at least 1 hour, in whole minutes",
      "durationMinutes",
    );
  });

  it("refuses an unknown tier and datasets not in the catalog", async () => {
    const analyst = await createTestUser("analyst");
    await expectRefused(analyst, () => createAccessRequest(as(analyst), { ...TAX, scope: "root" }), "Choose one of the four tiers", "scope");
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, datasets: ["marketplace.people@1", "marketplace.nope@3"] }),
      "Not in the catalog: marketplace.nope@3",
      "datasets",
    );
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), { ...TAX, datasets: ["someone@example.com"] }),
      "Each dataset must be a catalog key@version, e.g. marketplace.people@1",
      "datasets",
    );
  });

  it("refuses a second pending request for the same tier", async () => {
    const analyst = await createTestUser("analyst");
    const first = await createAccessRequest(as(analyst), TAX);
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), TAX),
      `You already have a pending pii_tax request (${first.id}); cancel it or wait for its decision`,
      "scope",
    );
    // Another tier is a separate request.
    await createAccessRequest(as(analyst), { scope: "pii_basic", reason: "Support ticket triage", durationMinutes: DAY });
  });

  it("refuses a tier already held for every dataset, saying until when", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_tax"]);
    const grant = await getDb().grant.findFirstOrThrow({ where: { userId: analyst.id, scope: "pii_tax" } });
    await expectRefused(
      analyst,
      () => createAccessRequest(as(analyst), TAX),
      `You already hold pii_tax for every dataset until ${grant.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      "scope",
    );
  });
});

describe("createAccessRequest: what a request records", () => {
  it("stores the policy version, the approvals it needs and its pending time; ledgers it; tells the privacy admins", async () => {
    const analyst = await createTestUser("analyst");
    const admin = await createTestUser("privacy_admin");
    const t0 = new Date("2031-05-04T10:00:00.000Z");
    pinClock(t0);
    const head = await ledgerHeadSeq();
    const req = await createAccessRequest(as(analyst), { ...TAX, datasets: ["marketplace.people@1"] });
    const row = await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(row).toMatchObject({
      requesterId: analyst.id,
      scope: "pii_tax",
      status: "pending",
      ticket: "PRIV-1234",
      durationMinutes: 14 * DAY,
      datasets: '["marketplace.people@1"]',
      policyVersion: 1,
      approvalsRequired: 2,
    });
    expect(row.createdAt.toISOString()).toBe(t0.toISOString());
    expect(row.pendingUntil.getTime()).toBe(t0.getTime() + 7 * 86_400_000);
    const entries = await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } });
    expect(entries).toMatchObject([
      {
        action: "governance.scope_requested",
        actorId: analyst.id,
        privacyTier: "pii_tax",
        resource: `request:${req.id}`,
        recordId: analyst.id,
        purpose: "Year-end 1099 reconciliation",
      },
    ]);
    expect(JSON.parse(entries[0].payload ?? "{}")).toMatchObject({ approvals_required: 2, policy_version: 1, ticket: "PRIV-1234" });
    expect(await getDb().notification.findMany({ where: { userId: admin.id } })).toMatchObject([
      {
        kind: "scope.requested",
        href: `/requests/${req.id}`,
        body: expect.stringContaining("for 14 days (marketplace.people@1). 2 approvals needed."),
      },
    ]);
    expect(await getDb().notification.count({ where: { userId: analyst.id } })).toBe(0);
  });
});

describe("cancelAccessRequest", () => {
  it("lets the requester withdraw a pending request, ledgered", async () => {
    const analyst = await createTestUser("analyst");
    const req = await createAccessRequest(as(analyst), TAX);
    const head = await ledgerHeadSeq();
    await cancelAccessRequest(as(analyst), { requestId: req.id });
    expect(await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({ status: "cancelled", closedById: analyst.id });
    expect(await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } })).toMatchObject([
      { action: "governance.scope_request_cancelled", actorId: analyst.id, resource: `request:${req.id}` },
    ]);
    // A new request for the same tier is now possible.
    await createAccessRequest(as(analyst), TAX);
  });

  it("refuses anyone but the requester, and a request no longer pending", async () => {
    const analyst = await createTestUser("analyst");
    const admin = await createTestUser("privacy_admin");
    const req = await createAccessRequest(as(analyst), TAX);
    await expectRefused(admin, () => cancelAccessRequest(as(admin), { requestId: req.id }), "You have no such request", "requestId");
    await cancelAccessRequest(as(analyst), { requestId: req.id });
    await expectRefused(
      analyst,
      () => cancelAccessRequest(as(analyst), { requestId: req.id }),
      "This request is no longer pending (it is cancelled)",
      "requestId",
    );
  });
});

describe("relinquishGrant", () => {
  it("ends the holder's grant early as relinquished; the request follows", async () => {
    const analyst = await createTestUser("analyst");
    const admin = await createTestUser("privacy_admin");
    const req = await createAccessRequest(as(analyst), { scope: "pii_basic", reason: "Support ticket triage", durationMinutes: DAY });
    const approved = await approveAccessRequest(as(admin), { requestId: req.id, comment: "ok" });
    if (approved.status !== "active") throw new Error("expected an active grant");
    const head = await ledgerHeadSeq();
    await relinquishGrant(as(analyst), { grantId: approved.grantId });
    expect(await getDb().grant.findUniqueOrThrow({ where: { id: approved.grantId } })).toMatchObject({
      status: "relinquished",
      endedById: analyst.id,
      endComment: "Given back by the holder",
    });
    expect((await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("relinquished");
    expect(await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } })).toMatchObject([
      { action: "governance.scope_relinquished", actorId: analyst.id, resource: `grant:${approved.grantId}` },
    ]);
    await expectRefused(
      analyst,
      () => relinquishGrant(as(analyst), { grantId: approved.grantId }),
      "This grant has already ended (relinquished)",
      "grantId",
    );
  });

  it("refuses someone else's grant and a grant past its expiry", async () => {
    const analyst = await createTestUser("analyst");
    const other = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    const grant = await getDb().grant.findFirstOrThrow({ where: { userId: analyst.id } });
    await expectRefused(other, () => relinquishGrant(as(other), { grantId: grant.id }), "You hold no such grant", "grantId");
    pinClock(new Date(grant.expiresAt.getTime() + 1));
    await expectRefused(analyst, () => relinquishGrant(as(analyst), { grantId: grant.id }), "This grant has already expired", "grantId");
  });
});
