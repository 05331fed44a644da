import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import type { Scope } from "@/lib/core/tiers";
import { dbTarget, getDb } from "@/lib/db/client";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import { verifyLedger } from "@/lib/ledger/verify";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { CLOSE_DUE_REVIEWS_KIND, closeDueReviews } from "./close-due-reviews";
import { decideReviewItem } from "./decide-review-item";
import { endGrant } from "./grant-lifecycle";
import { listReviewCampaigns } from "./list-review-campaigns";
import { csvCell, getReviewCampaign, listReviewItems, reviewReportCsv } from "./review-report";
import { startReviewCampaign } from "./start-review-campaign";

const DAY = 86_400_000;
const acting = (actor: Actor) => ({ actor: { id: actor.id, role: actor.role }, meta: testMeta() });

// Each test runs at its own instant years ahead, so the only grants active then are the ones it issued (the test
// database is shared with every other test file, whose grants expire within days of the real time).
let epoch = Date.parse("2040-01-01T00:00:00Z");
function freshTime(): Date {
  epoch += 400 * DAY;
  const at = new Date(epoch);
  pinClock(at);
  return at;
}

afterEach(() => pinClock(null));

async function refusedWith(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function refusalsOf(actorId: string) {
  const rows = await getDb().ledgerEntry.findMany({ where: { actorId, action: "governance.action_refused" }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ decision: r.decision, payload: JSON.parse(r.payload ?? "{}") as Record<string, unknown> }));
}

/** A campaign over `scope` with one grant for each of `n` fresh analysts. */
async function campaignWith(n: number, scope: Scope = "pii_tax", dueInDays = 14) {
  const at = freshTime();
  const admin = await createTestUser("privacy_admin");
  const grantees: Array<Actor & { email: string }> = [];
  for (let i = 0; i < n; i++) {
    const g = await createTestUser("analyst");
    await grantScopes(g.id, [scope]);
    grantees.push(g);
  }
  const started = await startReviewCampaign(acting(admin), {
    name: `Quarterly ${scope} review`,
    scopes: [scope],
    dueAt: new Date(at.getTime() + dueInDays * DAY),
  });
  const items = await getDb().reviewItem.findMany({ where: { campaignId: started.campaignId }, orderBy: { id: "asc" } });
  return { at, admin, grantees, started, items };
}

describe("startReviewCampaign", () => {
  it("takes the grants active now in the chosen tiers as items, ledgers the start and tells the other privacy admins", async () => {
    const other = await createTestUser("privacy_admin");
    const { admin, grantees, started, items } = await campaignWith(2, "background");
    expect(started.itemCount).toBe(2);
    expect(items.map((i) => i.granteeId).sort()).toEqual(grantees.map((g) => g.id).sort());
    expect(items.every((i) => i.decision === "pending" && i.scope === "background")).toBe(true);
    const entry = await getDb().ledgerEntry.findFirstOrThrow({ where: { actorId: admin.id, action: "governance.review_campaign_started" } });
    expect(JSON.parse(entry.payload!)).toMatchObject({ campaign_id: started.campaignId, item_count: 2, scopes: ["background"] });
    const note = await getDb().notification.findFirstOrThrow({
      where: { userId: other.id, kind: "review.campaign_started", href: `/reviews/${started.campaignId}` },
    });
    expect(note.title).toContain("Quarterly background review");
    expect(await getDb().notification.count({ where: { userId: admin.id } })).toBe(0);
  });

  it("refuses an analyst, a past or too distant due date, and an empty campaign, recording each refusal", async () => {
    const at = freshTime();
    const analyst = await createTestUser("analyst");
    expect(
      (await refusedWith(startReviewCampaign(acting(analyst), { name: "Sneaky review", scopes: ["pii_basic"], dueAt: new Date(at.getTime() + DAY) })))
        .code,
    ).toBe("forbidden");
    const admin = await createTestUser("privacy_admin");
    const holder = await createTestUser("analyst");
    await grantScopes(holder.id, ["pii_basic"]);
    const past = await refusedWith(
      startReviewCampaign(acting(admin), { name: "Past review", scopes: ["pii_basic"], dueAt: new Date(at.getTime() - 1) }),
    );
    expect(past).toMatchObject({ code: "validation_failed", field: "dueAt" });
    const far = await refusedWith(
      startReviewCampaign(acting(admin), { name: "Far review", scopes: ["pii_basic"], dueAt: new Date(at.getTime() + 91 * DAY) }),
    );
    expect(far).toMatchObject({ code: "validation_failed", field: "dueAt" });
    // At this instant nobody holds background: nothing to review.
    const empty = await refusedWith(
      startReviewCampaign(acting(admin), { name: "Empty review", scopes: ["background"], dueAt: new Date(at.getTime() + DAY) }),
    );
    expect(empty).toMatchObject({ code: "validation_failed", field: "scopes" });
    const noTier = await refusedWith(startReviewCampaign(acting(admin), { name: "No tier", scopes: [], dueAt: new Date(at.getTime() + DAY) }));
    expect(noTier.field).toBe("scopes");
    expect((await refusalsOf(admin.id)).map((r) => r.payload.field)).toEqual(["dueAt", "dueAt", "scopes", "scopes"]);
    expect((await refusalsOf(analyst.id))[0].payload).toMatchObject({ attempted: "start_review_campaign", code: "forbidden" });
    expect(await getDb().reviewCampaign.count({ where: { createdById: admin.id } })).toBe(0);
  });
});

describe("decideReviewItem", () => {
  it("certifies (the grant stays) and revokes (the grant ends), each ledgered, once", async () => {
    const { items } = await campaignWith(2);
    const reviewer = await createTestUser("privacy_admin");
    await decideReviewItem(acting(reviewer), { itemId: items[0].id, decision: "certify", comment: "Still on the tax team" });
    await decideReviewItem(acting(reviewer), { itemId: items[1].id, decision: "revoke", comment: "Moved to another team" });
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: items[0].grantId } })).status).toBe("active");
    expect(await getDb().grant.findUniqueOrThrow({ where: { id: items[1].grantId } })).toMatchObject({ status: "revoked", endedById: reviewer.id });
    const actions = (await getDb().ledgerEntry.findMany({ where: { actorId: reviewer.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["governance.review_item_decided", "governance.review_item_decided", "governance.scope_revoked"]);
    const again = await refusedWith(decideReviewItem(acting(reviewer), { itemId: items[0].id, decision: "revoke", comment: "Changed my mind" }));
    expect(again.code).toBe("conflict");
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: items[0].grantId } })).status).toBe("active");
  });

  it("refuses the grantee, even a privacy admin, and records the refusal", async () => {
    const at = freshTime();
    const starter = await createTestUser("privacy_admin");
    const grantee = await createTestUser("privacy_admin");
    await grantScopes(grantee.id, ["pii_sensitive"]);
    const { campaignId } = await startReviewCampaign(acting(starter), {
      name: "Admins holding sensitive",
      scopes: ["pii_sensitive"],
      dueAt: new Date(at.getTime() + DAY),
    });
    const item = await getDb().reviewItem.findFirstOrThrow({ where: { campaignId, granteeId: grantee.id } });
    const err = await refusedWith(decideReviewItem(acting(grantee), { itemId: item.id, decision: "certify", comment: "I still need it" }));
    expect(err).toMatchObject({ code: "forbidden", field: "itemId" });
    expect((await getDb().reviewItem.findUniqueOrThrow({ where: { id: item.id } })).decision).toBe("pending");
    expect((await refusalsOf(grantee.id))[0]).toMatchObject({ decision: "deny", payload: { attempted: "decide_review_item", code: "forbidden" } });
  });

  it("refuses an auditor and a missing comment", async () => {
    const { items } = await campaignWith(1);
    const auditor = await createTestUser("auditor");
    expect((await refusedWith(decideReviewItem(acting(auditor), { itemId: items[0].id, decision: "certify", comment: "fine by me" }))).code).toBe(
      "forbidden",
    );
    const admin = await createTestUser("privacy_admin");
    expect(await refusedWith(decideReviewItem(acting(admin), { itemId: items[0].id, decision: "revoke", comment: " " }))).toMatchObject({
      code: "validation_failed",
      field: "comment",
    });
  });

  it("shows an item whose grant already ended as such, and refuses to decide it", async () => {
    const { items, admin } = await campaignWith(1);
    await commitWithLedger((uow) => endGrant(uow, acting(admin), items[0].grantId, "revoked", "Left the company"));
    const reviewer = await createTestUser("privacy_admin");
    const err = await refusedWith(decideReviewItem(acting(reviewer), { itemId: items[0].id, decision: "certify", comment: "Keep it" }));
    expect(err.code).toBe("conflict");
    expect(err.message).toMatch(/already ended \(revoked\)/);
    const [row] = (await listReviewItems(reviewer, items[0].campaignId)).rows;
    expect(row).toMatchObject({ grantStatus: "revoked", decision: "pending" });
  });
});

describe("closeDueReviews (the scopes.close_due_reviews job)", () => {
  it("is a recurring kind that runs every minute", () => {
    expect(JOB_KINDS.find((k) => k.kind === CLOSE_DUE_REVIEWS_KIND)).toMatchObject({ everyMs: 60_000 });
  });

  it("revokes every undecided item at the due date, closes the campaign with its counts, and does nothing the second time", async () => {
    // Due in 5 days, before the fixture grants' own expiry (7 days).
    const { at, started, items, grantees } = await campaignWith(3, "pii_tax", 5);
    const reviewer = await createTestUser("privacy_admin");
    await decideReviewItem(acting(reviewer), { itemId: items[0].id, decision: "certify", comment: "Needed for 1099 work" });
    const ended = items[2];
    await commitWithLedger((uow) => endGrant(uow, acting(reviewer), ended.grantId, "relinquished", "Done with it"));

    // The day before: nothing happens.
    pinClock(new Date(at.getTime() + 4 * DAY));
    await closeDueReviews();
    expect((await getDb().reviewCampaign.findUniqueOrThrow({ where: { id: started.campaignId } })).status).toBe("open");

    pinClock(new Date(at.getTime() + 5 * DAY + 60_000));
    const first = await closeDueReviews();
    expect(first.campaignsClosed).toBeGreaterThanOrEqual(1);
    const campaign = await getDb().reviewCampaign.findUniqueOrThrow({ where: { id: started.campaignId } });
    expect(campaign.status).toBe("closed");
    const after = await getDb().reviewItem.findMany({ where: { campaignId: started.campaignId }, orderBy: { id: "asc" } });
    expect(after.map((i) => i.decision)).toEqual(["certified", "auto_revoked", "grant_ended"]);
    expect(after[1].decidedById).toBeNull();
    expect(await getDb().grant.findUniqueOrThrow({ where: { id: items[1].grantId } })).toMatchObject({ status: "revoked", endedById: null });
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: items[0].grantId } })).status).toBe("active");
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: ended.grantId } })).status).toBe("relinquished");

    const revoked = await getDb().ledgerEntry.findMany({ where: { action: "governance.scope_revoked", resource: `grant:${items[1].grantId}` } });
    expect(revoked).toHaveLength(1);
    expect(revoked[0].actorRole).toBe("system");
    const closed = await getDb().ledgerEntry.findMany({
      where: { action: "governance.review_campaign_closed", resource: `review_campaign:${started.campaignId}` },
    });
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0].payload!)).toMatchObject({ items: 3, certified: 1, revoked: 0, auto_revoked: 1, grant_ended: 1 });

    // Idempotent: the second run finds nothing of this campaign to do.
    const entriesBefore = await getDb().ledgerEntry.count();
    await closeDueReviews();
    expect(await getDb().ledgerEntry.count()).toBe(entriesBefore);
    expect(await getDb().grant.count({ where: { userId: { in: grantees.map((g) => g.id) }, status: "revoked" } })).toBe(1);
    // A closed campaign's items cannot be decided any more.
    expect((await refusedWith(decideReviewItem(acting(reviewer), { itemId: items[0].id, decision: "revoke", comment: "Too late" }))).code).toBe(
      "conflict",
    );
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("a reviewer's revoke racing the due-date job ends each grant exactly once", async () => {
    const { at, started, items } = await campaignWith(4, "pii_basic", 1);
    const reviewer = await createTestUser("privacy_admin");
    pinClock(new Date(at.getTime() + DAY + 1));
    const decisions = items.map((i) =>
      decideReviewItem(acting(reviewer), { itemId: i.id, decision: "revoke", comment: "Not needed any more" }).then(
        () => "decided",
        (e: unknown) => (e instanceof AppError && e.code === "conflict" ? "conflict" : Promise.reject(e)),
      ),
    );
    const [outcomes] = await Promise.all([Promise.all(decisions), closeDueReviews(), closeDueReviews()]);
    await closeDueReviews(); // whatever a conflict left pending
    for (const [n, item] of items.entries()) {
      const revokedEntries = await getDb().ledgerEntry.count({ where: { action: "governance.scope_revoked", resource: `grant:${item.grantId}` } });
      expect(revokedEntries).toBe(1);
      const decided = await getDb().reviewItem.findUniqueOrThrow({ where: { id: item.id } });
      expect(decided.decision).toBe(outcomes[n] === "decided" ? "revoked" : "auto_revoked");
      expect((await getDb().grant.findUniqueOrThrow({ where: { id: item.grantId } })).status).toBe("revoked");
    }
    expect((await getDb().reviewCampaign.findUniqueOrThrow({ where: { id: started.campaignId } })).status).toBe("closed");
    expect(
      await getDb().ledgerEntry.count({ where: { action: "governance.review_campaign_closed", resource: `review_campaign:${started.campaignId}` } }),
    ).toBe(1);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });
});

describe("the campaign report", () => {
  it("is open to auditors, refused to analysts, and lists who decided what", async () => {
    const { started, items, grantees } = await campaignWith(2, "background");
    const reviewer = await createTestUser("privacy_admin");
    await decideReviewItem(acting(reviewer), { itemId: items[0].id, decision: "revoke", comment: '=HYPERLINK("http://evil.example","x")' });
    const auditor = await createTestUser("auditor");
    const campaign = await getReviewCampaign(auditor, started.campaignId);
    expect(campaign).toMatchObject({ status: "open", total: 2, counts: { pending: 1, revoked: 1 } });
    expect((await listReviewCampaigns(auditor, { limit: 200 })).rows.some((r) => r.id === started.campaignId)).toBe(true);
    const analyst = await createTestUser("analyst");
    expect((await refusedWith(listReviewCampaigns(analyst))).code).toBe("forbidden");
    expect((await refusedWith(reviewReportCsv(analyst, started.campaignId))).code).toBe("forbidden");

    const report = await reviewReportCsv(auditor, started.campaignId);
    const lines = report!.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "campaign_id,campaign_name,campaign_status,due_at,item_id,grant_id,grantee_name,grantee_email,tier,grant_source,grant_activated_at,grant_expires_at,grant_status,decision,decided_at,reviewer_name,reviewer_email,comment",
    );
    expect(lines).toHaveLength(3);
    const revokedLine = lines.find((l) => l.includes(items[0].id))!;
    expect(revokedLine).toContain(`,revoked,`);
    expect(revokedLine).toContain(reviewer.email);
    // The comment would run as a formula in a spreadsheet: it is defused with a leading quote.
    expect(revokedLine.endsWith(`"'=HYPERLINK(""http://evil.example"",""x"")"`)).toBe(true);
    expect(report!.csv).toContain(grantees[1].email);
    expect(await reviewReportCsv(auditor, "rvc_doesnotexist")).toBeNull();
  });

  it("csvCell defuses formulas and quotes per RFC 4180", () => {
    const cases: Array<[string | null, string]> = [
      ["plain", "plain"],
      [null, ""],
      ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
      ["+1", "'+1"],
      ["-2", "'-2"],
      ["@cmd", "'@cmd"],
      ["\t=1", "'\t=1"],
      ["a,b", '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ["line\nbreak", '"line\nbreak"'],
      ["=1,2", `"'=1,2"`],
      ["a=b", "a=b"],
    ];
    for (const [input, out] of cases) expect(csvCell(input)).toBe(out);
  });
});
