import { describe, expect, it } from "vitest";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { changeUserRole, setUserStatus } from "@/lib/auth/manage-user";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { findAccessHistory } from "./access-history";

const t = (minute: number) => new Date(Date.UTC(2026, 5, 1, 9, minute));

/** One person's story, each step at a known minute, written straight to the tables the workflow writes. */
async function story() {
  const [user, admin1, admin2] = [await createTestUser("analyst"), await createTestUser("privacy_admin"), await createTestUser("privacy_admin")];
  const db = getDb();
  const req = newId("req");
  await db.accessRequest.create({
    data: {
      id: req,
      requesterId: user.id,
      scope: "pii_tax",
      reason: "Quarterly 1099 reconciliation",
      ticket: "PRIV-42",
      durationMinutes: 14 * 1440,
      policyVersion: 1,
      approvalsRequired: 2,
      status: "revoked",
      createdAt: t(0),
      pendingUntil: t(600),
      decidedAt: t(2),
    },
  });
  await db.approval.create({
    data: { id: newId("apr"), requestId: req, approverId: admin1.id, decision: "approve", comment: "ok first", createdAt: t(1) },
  });
  await db.approval.create({
    data: { id: newId("apr"), requestId: req, approverId: admin2.id, decision: "approve", comment: "ok second", createdAt: t(2) },
  });
  const grt = newId("grt");
  await db.grant.create({
    data: {
      id: grt,
      userId: user.id,
      scope: "pii_tax",
      status: "revoked",
      source: "request",
      requestId: req,
      reason: "Quarterly 1099 reconciliation",
      grantedById: admin2.id,
      activatedAt: t(3),
      expiresAt: t(3 + 14 * 1440),
      endedAt: t(8),
      endedById: admin1.id,
      endComment: "work finished early",
    },
  });
  const bg = newId("grt");
  await db.grant.create({
    data: {
      id: bg,
      userId: user.id,
      scope: "pii_sensitive",
      status: "expired",
      source: "break_glass",
      reason: "Production incident",
      activatedAt: t(4),
      expiresAt: t(5),
      endedAt: t(5),
      afterReviewDueAt: t(4 + 1440),
      afterReviewedAt: t(6),
      afterReviewedById: admin2.id,
      afterReviewComment: "justified",
    },
  });
  const cancelled = newId("req");
  await db.accessRequest.create({
    data: {
      id: cancelled,
      requesterId: user.id,
      scope: "background",
      reason: "Not needed after all",
      durationMinutes: 60,
      policyVersion: 1,
      approvalsRequired: 2,
      status: "cancelled",
      createdAt: t(9),
      pendingUntil: t(900),
      decidedAt: t(10),
      closedById: user.id,
    },
  });
  const campaign = newId("rvc");
  await db.reviewCampaign.create({
    data: { id: campaign, name: "Q2 tax review", scopes: '["pii_tax"]', status: "closed", dueAt: t(100), createdById: admin1.id, createdAt: t(0) },
  });
  await db.reviewItem.create({
    data: {
      id: newId("rvi"),
      campaignId: campaign,
      grantId: grt,
      granteeId: user.id,
      scope: "pii_tax",
      decision: "certified",
      decidedById: admin2.id,
      decidedAt: t(7),
      comment: "still needed",
    },
  });
  return { user, admin1, admin2, req, grt, bg, cancelled };
}

describe("findAccessHistory", () => {
  it("tells one person's story from the workflow's tables, newest first, with who acted", async () => {
    const s = await story();
    const h = await findAccessHistory(s.admin1, s.user.id);
    const lines = h.rows.map((e) => [e.at.toISOString().slice(11, 16), e.kind, e.title, e.by?.id ?? "system"]);
    expect(lines).toEqual([
      ["09:10", "request_closed", "Request cancelled", s.user.id],
      ["09:09", "request_made", "Requested", s.user.id],
      ["09:08", "grant_ended", "Revoked", s.admin1.id],
      ["09:07", "review_decision", "Certified in review", s.admin2.id],
      ["09:06", "after_review", "Break-glass after-reviewed", s.admin2.id],
      ["09:05", "grant_ended", "Expired", "system"],
      ["09:04", "grant_started", "Break-glass used", s.user.id],
      ["09:03", "grant_started", "Grant activated", s.admin2.id],
      ["09:02", "approval", "Approved", s.admin2.id],
      ["09:01", "approval", "Approved", s.admin1.id],
      ["09:00", "request_made", "Requested", s.user.id],
    ]);
    const requested = h.rows.at(-1)!;
    expect(requested).toMatchObject({ scope: "pii_tax", ref: s.req, note: "Quarterly 1099 reconciliation", detail: "for 14 days · ticket PRIV-42" });
    expect(h.rows.find((e) => e.by?.id === s.admin2.id && e.kind === "approval")?.detail).toBe("approval 2 of 2");
    expect(h.rows[2]).toMatchObject({ note: "work finished early", ref: s.grt });
    expect(h.rows[0].by).toMatchObject({ email: s.user.email });
    expect(h.total).toBe(11);
  });

  it("includes the account changes about the person, from the ledger, with their actor", async () => {
    const s = await story();
    await setUserStatus({ userId: s.user.id }, "disabled", { actor: s.admin1, meta: testMeta() });
    await changeUserRole({ userId: s.user.id }, "auditor", { actor: s.admin2, meta: testMeta() });
    const h = await findAccessHistory(s.user, s.user.id);
    const changes = h.rows.filter((e) => e.kind === "user_change");
    expect(changes.map((e) => [e.title, e.detail, e.by?.id])).toEqual([
      ["Role changed", "analyst → auditor", s.admin2.id],
      ["Account disabled", null, s.admin1.id],
    ]);
    // Newest first across sources: the changes happened now, after the story's 2026 events.
    expect(h.rows[0].kind).toBe("user_change");
  });

  it("pages the list without overlap", async () => {
    const s = await story();
    const first = await findAccessHistory(s.admin1, s.user.id, { limit: 4 });
    const second = await findAccessHistory(s.admin1, s.user.id, { limit: 4, cursor: first.nextCursor! });
    const third = await findAccessHistory(s.admin1, s.user.id, { limit: 4, cursor: second.nextCursor! });
    const keys = [...first.rows, ...second.rows, ...third.rows].map((e) => e.key);
    expect(keys).toHaveLength(11);
    expect(new Set(keys).size).toBe(11);
    expect(third.nextCursor).toBeNull();
    expect(second.prevCursor).toBe("0");
  });

  it("is open to the person and to readers of all grants; anyone else learns nothing", async () => {
    const s = await story();
    const [auditor, otherAnalyst] = [await createTestUser("auditor"), await createTestUser("analyst")];
    expect((await findAccessHistory(auditor, s.user.id)).total).toBe(11);
    expect((await findAccessHistory(s.user, s.user.id)).total).toBe(11);
    await expect(findAccessHistory(otherAnalyst, s.user.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(findAccessHistory(auditor, "usr_nobody")).rejects.toMatchObject({ code: "not_found" });
  });
});
