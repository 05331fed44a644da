// Approvals and denials, called directly (not through the UI): law 3's refusals, each recorded in the ledger with
// nothing else changed; two-person activation; concurrent approvers; and a ledger that fails mid-approval.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { Scope } from "@/lib/core/tiers";
import { dbTarget, getDb } from "@/lib/db/client";
import { verifyLedger } from "@/lib/ledger/verify";
import { captureConsole } from "@/lib/test/capture-console";
import { createTestUser, dialect, ledgerHeadSeq, rawExec, testMeta } from "@/lib/test/fixtures";
import { createAccessRequest } from "./create-access-request";
import { approveAccessRequest, denyAccessRequest } from "./decide-access-request";

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const DAY = 1440;

// A real fault in the database, as in lib/ledger/unit-of-work.test.ts: a trigger that refuses every ledger insert.
const FAIL_APPENDS =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER approve_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION approve_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER approve_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION approve_test_refuse()`,
      ];
const HEAL =
  dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS approve_test_refuse`] : [`DROP TRIGGER IF EXISTS approve_test_refuse ON ledger_entries`];

const policyRows: string[] = [];
afterEach(async () => {
  pinClock(null);
  vi.restoreAllMocks();
  for (const sql of HEAL) await rawExec(sql);
  // Policies are shared by every test file: remove the versions this file added, so the defaults are in force again.
  if (policyRows.length) await getDb().scopePolicy.deleteMany({ where: { id: { in: policyRows.splice(0) } } });
});

async function people() {
  return {
    analyst: await createTestUser("analyst"),
    adminA: await createTestUser("privacy_admin", "admin-a"),
    adminB: await createTestUser("privacy_admin", "admin-b"),
  };
}

async function requestTax(requester: Actor, days = 14) {
  return createAccessRequest(as(requester), {
    scope: "pii_tax",
    reason: "Year-end 1099 reconciliation",
    ticket: "PRIV-1234",
    durationMinutes: days * DAY,
  });
}

/** Adds a policy version on top of the one in force (removed after the test). */
async function tightenPolicy(scope: Scope, change: { approvalsRequired?: number; maxDurationMinutes?: number }) {
  const current = await getDb().scopePolicy.findFirstOrThrow({ where: { scope }, orderBy: { version: "desc" } });
  const id = newId("pol");
  policyRows.push(id);
  await getDb().scopePolicy.create({
    data: { ...current, ...change, id, version: current.version + 1, changeReason: "test", createdAt: new Date() },
  });
}

/** What a refused decision must leave untouched. */
async function state(requestId: string) {
  const db = getDb();
  const r = await db.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, decidedAt: true, closedById: true } });
  return {
    request: r,
    approvals: await db.approval.count({ where: { requestId } }),
    grants: await db.grant.count({ where: { requestId } }),
    notifications: await db.notification.count(),
  };
}

/**
 * Runs a decision that must be refused: checks the message (and field), that nothing changed, and that exactly one
 * ledger entry was added, a governance.action_refused (deny) by this actor about this request.
 */
async function expectRefused(requestId: string, actor: Actor, run: () => Promise<unknown>, message: string | RegExp, field?: string) {
  const before = await state(requestId);
  const head = await ledgerHeadSeq();
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).message).toMatch(message);
  if (field) expect((err as AppError).field).toBe(field);
  expect(await state(requestId)).toEqual(before);
  const added = await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } });
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({
    action: "governance.action_refused",
    decision: "deny",
    actorId: actor.id,
    actorRole: actor.role,
    resource: `request:${requestId}`,
    purpose: (err as AppError).message,
  });
  return err as AppError;
}

describe("approveAccessRequest: refusals (law 3), each ledgered with nothing changed", () => {
  it("refuses an analyst calling approve (scope.approve)", async () => {
    const { analyst } = await people();
    const other = await createTestUser("analyst");
    const req = await requestTax(analyst);
    const err = await expectRefused(
      req.id,
      other,
      () => approveAccessRequest(as(other), { requestId: req.id, comment: "looks fine" }),
      "Only privacy admins approve access requests (scope.approve)",
    );
    expect(err.code).toBe("forbidden");
  });

  it("refuses self-approval: a privacy admin approving their own request", async () => {
    const { adminA } = await people();
    const req = await requestTax(adminA);
    const err = await expectRefused(
      req.id,
      adminA,
      () => approveAccessRequest(as(adminA), { requestId: req.id, comment: "my own" }),
      /^You cannot approve your own request/,
      "requestId",
    );
    expect(err.code).toBe("forbidden");
  });

  it("refuses the approval that would activate a grant to the approver, even after another admin approved", async () => {
    const { adminA, adminB } = await people();
    const req = await requestTax(adminA);
    await approveAccessRequest(as(adminB), { requestId: req.id, comment: "first of two" });
    await expectRefused(
      req.id,
      adminA,
      () => approveAccessRequest(as(adminA), { requestId: req.id, comment: "second, by the grantee" }),
      /nobody approves access for themselves/,
      "requestId",
    );
    expect(await getDb().grant.count({ where: { userId: adminA.id, requestId: req.id } })).toBe(0);
  });

  it("refuses a second approval by the same person (one person never counts twice)", async () => {
    const { analyst, adminA } = await people();
    const req = await requestTax(analyst);
    await approveAccessRequest(as(adminA), { requestId: req.id, comment: "first" });
    const err = await expectRefused(
      req.id,
      adminA,
      () => approveAccessRequest(as(adminA), { requestId: req.id, comment: "again" }),
      "You have already approved this request; one person never counts twice. It needs 1 more approval from other privacy admins",
      "requestId",
    );
    expect(err.code).toBe("conflict");
  });

  it("refuses acting on a request that is no longer pending", async () => {
    const { analyst, adminA, adminB } = await people();
    const req = await requestTax(analyst);
    await denyAccessRequest(as(adminA), { requestId: req.id, comment: "Ticket is closed" });
    await expectRefused(
      req.id,
      adminB,
      () => approveAccessRequest(as(adminB), { requestId: req.id, comment: "late" }),
      "This request is no longer pending (it is denied)",
      "requestId",
    );
    await expectRefused(
      req.id,
      adminB,
      () => denyAccessRequest(as(adminB), { requestId: req.id, comment: "late" }),
      "This request is no longer pending (it is denied)",
      "requestId",
    );
  });

  it("refuses a request past its pending time even before the time-out job ran", async () => {
    const { analyst, adminA } = await people();
    const req = await requestTax(analyst);
    pinClock(new Date(req.pendingUntil.getTime() + 1000));
    await expectRefused(
      req.id,
      adminA,
      () => approveAccessRequest(as(adminA), { requestId: req.id, comment: "too late" }),
      /^This request timed out at /,
    );
  });

  it("refuses an approval without a comment, naming the field", async () => {
    const { analyst, adminA } = await people();
    const req = await requestTax(analyst);
    await expectRefused(req.id, adminA, () => approveAccessRequest(as(adminA), { requestId: req.id, comment: " " }), "Add a comment", "comment");
  });

  it("refuses a duration the policy in force no longer allows (shortened since the request)", async () => {
    const { analyst, adminA } = await people();
    const req = await requestTax(analyst, 14);
    await tightenPolicy("pii_tax", { maxDurationMinutes: 7 * DAY });
    await expectRefused(
      req.id,
      adminA,
      () => approveAccessRequest(as(adminA), { requestId: req.id, comment: "ok" }),
      /allows at most 7 days; this request asks for 14 days\. Deny it with a comment/,
      "requestId",
    );
  });

  it("refuses an unknown request as not found, and records the attempt", async () => {
    const { adminA } = await people();
    const head = await ledgerHeadSeq();
    const err = await approveAccessRequest(as(adminA), { requestId: "req_doesnotexist", comment: "ok" }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("not_found");
    expect(await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } })).toMatchObject([
      { action: "governance.action_refused", actorId: adminA.id, resource: "request:unknown" },
    ]);
  });
});

describe("denyAccessRequest", () => {
  it("refuses the requester denying their own request (they cancel instead)", async () => {
    const { adminA } = await people();
    const req = await requestTax(adminA);
    await expectRefused(
      req.id,
      adminA,
      () => denyAccessRequest(as(adminA), { requestId: req.id, comment: "never mind" }),
      "You cannot deny your own request; cancel it instead",
      "requestId",
    );
  });

  it("refuses an analyst calling deny", async () => {
    const { analyst } = await people();
    const other = await createTestUser("analyst");
    const req = await requestTax(analyst);
    await expectRefused(req.id, other, () => denyAccessRequest(as(other), { requestId: req.id, comment: "no" }), /^Only privacy admins deny/);
  });

  it("one privacy admin denies, even after approving: denied, ledgered, the requester told", async () => {
    const { analyst, adminA } = await people();
    const req = await requestTax(analyst);
    await approveAccessRequest(as(adminA), { requestId: req.id, comment: "first" });
    const head = await ledgerHeadSeq();
    await denyAccessRequest(as(adminA), { requestId: req.id, comment: "Ticket was withdrawn" });
    const r = await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(r).toMatchObject({ status: "denied", closedById: adminA.id, closeComment: "Ticket was withdrawn" });
    expect(await getDb().grant.count({ where: { requestId: req.id } })).toBe(0);
    expect(await getDb().ledgerEntry.findMany({ where: { seq: { gt: head } } })).toMatchObject([
      {
        action: "governance.scope_request_denied",
        actorId: adminA.id,
        privacyTier: "pii_tax",
        resource: `request:${req.id}`,
        purpose: "Ticket was withdrawn",
      },
    ]);
    expect(await getDb().notification.findMany({ where: { userId: analyst.id } })).toMatchObject([
      { kind: "scope.request_denied", body: expect.stringContaining("Ticket was withdrawn") },
    ]);
  });
});

describe("approveAccessRequest: reaching the threshold", () => {
  it("pii_tax needs two: pending after the first, active after the second, the clock starting at activation", async () => {
    const { analyst, adminA, adminB } = await people();
    const t0 = new Date("2031-03-02T09:00:00.000Z");
    pinClock(t0);
    const req = await requestTax(analyst, 14);
    expect(req.approvalsRequired).toBe(2);

    pinClock(new Date(t0.getTime() + 3_600_000));
    const head1 = await ledgerHeadSeq();
    const first = await approveAccessRequest(as(adminA), { requestId: req.id, comment: "Ticket checked" });
    expect(first).toEqual({ status: "pending", approvals: 1, needed: 2 });
    expect((await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("pending");
    expect(await getDb().grant.count({ where: { requestId: req.id } })).toBe(0);
    expect(await getDb().ledgerEntry.findMany({ where: { seq: { gt: head1 } } })).toMatchObject([
      { action: "governance.scope_approval_given", actorId: adminA.id, payload: expect.stringContaining('"approvals":1') },
    ]);

    const activation = new Date(t0.getTime() + 2 * 3_600_000);
    pinClock(activation);
    const head2 = await ledgerHeadSeq();
    const second = await approveAccessRequest(as(adminB), { requestId: req.id, comment: "Agreed" });
    expect(second).toMatchObject({ status: "active", approvals: 2, needed: 2 });
    const grant = await getDb().grant.findUniqueOrThrow({ where: { requestId: req.id } });
    expect(grant).toMatchObject({
      userId: analyst.id,
      scope: "pii_tax",
      status: "active",
      source: "request",
      grantedById: adminB.id,
      policyVersion: 1,
    });
    expect(grant.activatedAt.toISOString()).toBe(activation.toISOString());
    expect(grant.expiresAt.getTime()).toBe(activation.getTime() + 14 * 86_400_000);
    expect((await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("active");
    expect(
      (await getDb().ledgerEntry.findMany({ where: { seq: { gt: head2 } }, orderBy: { seq: "asc" } })).map((e) => [e.action, e.actorId]),
    ).toEqual([
      ["governance.scope_approval_given", adminB.id],
      ["governance.scope_request_approved", adminB.id],
      ["governance.scope_activated", adminB.id],
    ]);
    expect(await getDb().notification.findMany({ where: { userId: analyst.id } })).toMatchObject([
      { kind: "scope.request_approved", href: "/access" },
    ]);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("needs the stricter of the request's snapshot and the policy in force now", async () => {
    const { analyst, adminA, adminB } = await people();
    const req = await createAccessRequest(as(analyst), { scope: "pii_basic", reason: "Support ticket triage", durationMinutes: 2 * DAY });
    expect(req.approvalsRequired).toBe(1);
    await tightenPolicy("pii_basic", { approvalsRequired: 2 });
    expect(await approveAccessRequest(as(adminA), { requestId: req.id, comment: "ok" })).toEqual({ status: "pending", approvals: 1, needed: 2 });
    expect(await approveAccessRequest(as(adminB), { requestId: req.id, comment: "ok" })).toMatchObject({ status: "active", approvals: 2 });
  });

  it("limits the grant to the request's datasets", async () => {
    const { analyst, adminA } = await people();
    const req = await createAccessRequest(as(analyst), {
      scope: "pii_basic",
      reason: "Support ticket triage",
      durationMinutes: 3 * 60,
      datasets: ["marketplace.people@1"],
    });
    await approveAccessRequest(as(adminA), { requestId: req.id, comment: "ok" });
    const grant = await getDb().grant.findUniqueOrThrow({ where: { requestId: req.id } });
    expect(grant.datasets).toBe('["marketplace.people@1"]');
    expect(grant.expiresAt.getTime() - grant.activatedAt.getTime()).toBe(3 * 3_600_000);
  });
});

describe("concurrent approvals", () => {
  it("two admins approving a two-approval request at once: one counts first, the other activates, exactly one grant", async () => {
    const { analyst, adminA, adminB } = await people();
    const req = await requestTax(analyst);
    const outcomes = await Promise.all([
      approveAccessRequest(as(adminA), { requestId: req.id, comment: "Approved by A" }),
      approveAccessRequest(as(adminB), { requestId: req.id, comment: "Approved by B" }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["active", "pending"]);
    expect(outcomes.map((o) => o.approvals).sort()).toEqual([1, 2]);
    expect(await getDb().approval.count({ where: { requestId: req.id } })).toBe(2);
    expect(await getDb().grant.count({ where: { requestId: req.id } })).toBe(1);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("two admins approving a one-approval request at once: one activates, the other is told it is no longer pending", async () => {
    const { analyst, adminA, adminB } = await people();
    const req = await createAccessRequest(as(analyst), { scope: "pii_basic", reason: "Support ticket triage", durationMinutes: DAY });
    const settled = await Promise.allSettled([
      approveAccessRequest(as(adminA), { requestId: req.id, comment: "Approved by A" }),
      approveAccessRequest(as(adminB), { requestId: req.id, comment: "Approved by B" }),
    ]);
    const ok = settled.filter((s) => s.status === "fulfilled");
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0].reason as AppError).message).toBe("This request is no longer pending (it is active)");
    expect(await getDb().approval.count({ where: { requestId: req.id } })).toBe(1);
    expect(await getDb().grant.count({ where: { requestId: req.id } })).toBe(1);
  });
});

describe("a ledger that fails in the middle of an approval", () => {
  it("answers 503 and leaves neither the approval, the grant nor the status change; ledger verify passes after", async () => {
    const { analyst, adminA, adminB } = await people();
    const req = await requestTax(analyst);
    await approveAccessRequest(as(adminA), { requestId: req.id, comment: "first" });
    const head = await ledgerHeadSeq();
    const notifications = await getDb().notification.count({ where: { userId: analyst.id } });

    for (const sql of FAIL_APPENDS) await rawExec(sql);
    const logged = captureConsole();
    const err = await approveAccessRequest(as(adminB), { requestId: req.id, comment: "final" }).catch((e: unknown) => e);
    expect(logged.err.join("\n")).toContain("ledger append inside a governance change failed");
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("unavailable");
    expect((err as AppError).status).toBe(503);
    for (const sql of HEAL) await rawExec(sql);

    expect(await getDb().approval.count({ where: { requestId: req.id, approverId: adminB.id } })).toBe(0);
    expect(await getDb().grant.count({ where: { requestId: req.id } })).toBe(0);
    expect(await getDb().grant.count({ where: { userId: analyst.id } })).toBe(0);
    expect((await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("pending");
    expect(await getDb().notification.count({ where: { userId: analyst.id } })).toBe(notifications);
    expect(await ledgerHeadSeq()).toBe(head);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);

    // Once the ledger accepts entries again, the same approval goes through.
    expect(await approveAccessRequest(as(adminB), { requestId: req.id, comment: "final" })).toMatchObject({ status: "active" });
  });
});
