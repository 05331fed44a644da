import { describe, expect, it } from "vitest";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyUsers } from "@/lib/inbox/notify";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { createTestUser, ledgerHeadSeq } from "@/lib/test/fixtures";
import { findAttention } from "./attention";

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(now().getTime() + offsetMs);

async function request(requesterId: string, opts: { status?: string; createdAt?: Date; scope?: Scope; approvalsRequired?: number } = {}) {
  const id = newId("req");
  await getDb().accessRequest.create({
    data: {
      id,
      requesterId,
      scope: opts.scope ?? "pii_tax",
      reason: "attention test",
      durationMinutes: 60,
      policyVersion: 1,
      approvalsRequired: opts.approvalsRequired ?? 2,
      status: opts.status ?? "pending",
      createdAt: opts.createdAt ?? now(),
      pendingUntil: at(7 * 24 * HOUR),
    },
  });
  return id;
}

async function approve(requestId: string, approverId: string) {
  await getDb().approval.create({ data: { id: newId("apr"), requestId, approverId, decision: "approve", comment: "ok", createdAt: now() } });
}

async function grant(
  userId: string,
  g: { source?: string; expiresAt?: Date; status?: string; dueAt?: Date | null; reviewedAt?: Date | null; scope?: Scope },
) {
  const id = newId("grt");
  await getDb().grant.create({
    data: {
      id,
      userId,
      scope: g.scope ?? "pii_sensitive",
      status: g.status ?? "active",
      source: g.source ?? "direct",
      reason: "attention test",
      activatedAt: at(-HOUR),
      expiresAt: g.expiresAt ?? at(30 * 24 * HOUR),
      afterReviewDueAt: g.dueAt ?? null,
      afterReviewedAt: g.reviewedAt ?? null,
    },
  });
  return id;
}

describe("findAttention", () => {
  it("counts what waits for a privacy admin: approvals, break-glass after-reviews (overdue apart), review items, grants expiring", async () => {
    const [me, analyst] = [await createTestUser("privacy_admin"), await createTestUser("analyst")];
    const before = (await findAttention(me)).admin!;

    // Three pending requests, of which only one waits for me: my own and one I approved do not.
    await request(analyst.id, { createdAt: new Date("2001-01-01T00:00:00Z") });
    await request(me.id);
    await approve(await request(analyst.id), me.id);
    await request(analyst.id, { status: "denied" });

    await grant(analyst.id, { source: "break_glass", dueAt: at(-HOUR) }); // overdue
    await grant(analyst.id, { source: "break_glass", dueAt: at(20 * HOUR), expiresAt: at(2 * HOUR) }); // due later; also expiring
    await grant(analyst.id, { source: "break_glass", dueAt: at(-HOUR), reviewedAt: now() }); // done

    await grant(analyst.id, { expiresAt: at(2 * HOUR) });
    await grant(analyst.id, { expiresAt: at(48 * HOUR) });
    await grant(analyst.id, { expiresAt: at(2 * HOUR), status: "revoked" });

    const campaign = newId("rvc");
    await getDb().reviewCampaign.create({
      data: {
        id: campaign,
        name: "Attention test campaign",
        scopes: '["pii_sensitive"]',
        status: "open",
        dueAt: new Date("2001-02-03T00:00:00Z"),
        createdById: me.id,
        createdAt: now(),
      },
    });
    for (const decision of ["pending", "pending", "certified"]) {
      const g = await grant(analyst.id, {});
      await getDb().reviewItem.create({
        data: { id: newId("rvi"), campaignId: campaign, grantId: g, granteeId: analyst.id, scope: "pii_sensitive", decision },
      });
    }

    const after = (await findAttention(me)).admin!;
    expect(after.approvals.count - before.approvals.count).toBe(1);
    expect(after.approvals.oldestAt?.toISOString()).toBe("2001-01-01T00:00:00.000Z");
    expect(after.breakGlass.count - before.breakGlass.count).toBe(2);
    expect(after.breakGlass.overdue - before.breakGlass.overdue).toBe(1);
    expect(after.breakGlass.items[0].overdue).toBe(true);
    expect(after.expiring.count - before.expiring.count).toBe(2);
    expect(after.campaigns[0]).toMatchObject({ id: campaign, undecided: 2, total: 3, overdue: true });
  });

  it("shows a requester their own expiring grants and pending requests, and everyone their unread inbox", async () => {
    const analyst = await createTestUser("analyst");
    const soon = await grant(analyst.id, { expiresAt: at(3 * HOUR), scope: "pii_basic" });
    await grant(analyst.id, { expiresAt: at(72 * HOUR) });
    const pending = await request(analyst.id, { approvalsRequired: 2 });
    const approver = await createTestUser("privacy_admin");
    await approve(pending, approver.id);
    await request(analyst.id, { status: "active" });
    await notifyUsers([analyst.id], { kind: "test", title: "One", body: "b" });
    await notifyUsers([analyst.id], { kind: "test", title: "Two", body: "b" });

    const a = await findAttention(analyst);
    expect(a.admin).toBeNull();
    expect(a.audit).toBeNull();
    expect(a.own!.expiring.map((g) => [g.grantId, g.scope])).toEqual([[soon, "pii_basic"]]);
    expect(a.own!.pendingRequests).toEqual([expect.objectContaining({ id: pending, approvals: 1, approvalsRequired: 2 })]);
    expect(a.unread).toBe(2);
  });

  it("shows an auditor the open campaigns and the ledger's head, and nothing to decide", async () => {
    const auditor = await createTestUser("auditor");
    await appendLedgerEntry({
      actorId: null,
      actorRole: "system",
      action: "test.appended",
      privacyTier: "none",
      resource: "test:attention",
      decision: "allow",
      requestId: "r",
    });
    const campaign = newId("rvc");
    await getDb().reviewCampaign.create({
      data: {
        id: campaign,
        name: "Audited campaign",
        scopes: '["pii_tax"]',
        status: "open",
        dueAt: new Date("2000-06-01T00:00:00Z"),
        createdById: auditor.id,
        createdAt: now(),
      },
    });
    const g = await grant(auditor.id, {});
    await getDb().reviewItem.create({
      data: { id: newId("rvi"), campaignId: campaign, grantId: g, granteeId: auditor.id, scope: "pii_tax", decision: "certified" },
    });
    const a = await findAttention(auditor);
    expect(a.admin).toBeNull();
    expect(a.own).toBeNull();
    expect(a.audit!.ledgerHead?.seq).toBe(await ledgerHeadSeq());
    // Finished campaigns still show for auditors while open (progress, not work).
    expect(a.audit!.campaigns[0]).toMatchObject({ id: campaign, undecided: 0, total: 1 });
  });
});
