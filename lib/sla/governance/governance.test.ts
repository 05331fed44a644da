// The governance SLIs from real rows made by the domain functions (issue 10, decision 036).
import { afterEach, describe, expect, it } from "vitest";
import { flushDecisionTally, pendingDecisionTally, tallyGatewayDecision } from "@/lib/access/decision-tally";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { createExport } from "@/lib/exports/create-export";
import { approveExport } from "@/lib/exports/decide-export";
import { runPurge } from "@/lib/holds/purge/run-purge";
import { startPurgeRun } from "@/lib/holds/purge/start-purge-run";
import { resetPurgeState, testWriter } from "@/lib/holds/purge/test-helpers";
import { getPerson } from "@/lib/people/get-person";
import { closeDueReviews } from "@/lib/scopes/close-due-reviews";
import { createAccessRequest } from "@/lib/scopes/create-access-request";
import { approveAccessRequest, denyAccessRequest } from "@/lib/scopes/decide-access-request";
import { decideReviewItem } from "@/lib/scopes/decide-review-item";
import { expireGrants } from "@/lib/scopes/expire-grants";
import { startReviewCampaign } from "@/lib/scopes/start-review-campaign";
import { evaluateSlas } from "@/lib/sla/evaluate";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { openTestWarehouse } from "@/lib/warehouse/test-warehouses";
import {
  accessApprovalObservations,
  exportApprovalObservations,
  grantsPastExpiryObservation,
  purgeRunObservations,
  reviewOnTimeObservations,
} from "./governance-observations";
import { gatewayLoggedObservations, PII_LOGGED_KEY } from "./pii-logged";

afterEach(() => pinClock(null));

const MIN = 60_000;
const HOUR = 60 * MIN;
// Far enough ahead that no other test's rows share these hours.
const base = (days: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + days * 24 * HOUR);
const as = (actor: Actor) => ({ actor, meta: testMeta() });

describe("governance.pii_access_logged from the gateway's tally and the ledger", () => {
  it("is 100% after real gateway reads and drops below 100% for a decision with no ledger entry", async () => {
    const h1 = base(41);
    const h2 = new Date(h1.getTime() + HOUR);
    pinClock(new Date(h1.getTime() + 5 * MIN));
    const analyst = await createTestUser("analyst", "sli-reader");
    await grantScopes(analyst.id, ["pii_basic"], { durationMinutes: 3 * 1440 });
    const [row] = await getWarehouse().searchPeople("ma", { limit: 1, columns: ["person_id"] });
    const read = () => getPerson(analyst, { personId: String(row.person_id), purpose: "Support ticket SUP-7001" }, testMeta());

    await read();
    await read();
    pinClock(new Date(h2.getTime() + 10 * MIN));
    await read();
    // A decision the gateway served whose entry never reached the ledger (what this SLI exists to catch).
    tallyGatewayDecision("people.record_viewed", new Date(h2.getTime() + 20 * MIN));
    expect(pendingDecisionTally()).toBe(4);
    expect(await flushDecisionTally()).toBe(4);
    expect(pendingDecisionTally()).toBe(0);

    // The open hour is not observed yet; once closed (plus the grace) both are.
    const open = await gatewayLoggedObservations(h1, new Date(h2.getTime() + 30 * MIN));
    expect(open.map((o) => o.windowStart!.toISOString())).toEqual([h1.toISOString()]);
    const at = new Date(h2.getTime() + 2 * HOUR);
    pinClock(at);
    const obs = (await gatewayLoggedObservations(h1, at)).filter((o) => o.subject === "people.record_viewed");
    expect(obs.map((o) => [o.windowStart!.toISOString(), o.good, o.total, o.value])).toEqual([
      [h1.toISOString(), 2, 2, 0],
      [h2.toISOString(), 1, 2, 1],
    ]);

    // Through evaluateSlas: written once under the SLA, idempotent on re-run.
    await evaluateSlas(at, { webhook: null });
    await evaluateSlas(at, { webhook: null });
    const stored = await getDb().slaObservation.findMany({
      where: {
        slaKey: PII_LOGGED_KEY,
        itemId: { in: [`gateway:${h1.toISOString()}:people.record_viewed`, `gateway:${h2.toISOString()}:people.record_viewed`] },
      },
      orderBy: { observedAt: "asc" },
    });
    expect(stored.map((o) => [o.good, o.total, o.source, o.kind])).toEqual([
      [2, 2, "warden", "pii_logged"],
      [1, 2, "warden", "pii_logged"],
    ]);
    const attainment = stored.reduce((s, o) => s + o.good, 0) / stored.reduce((s, o) => s + o.total, 0);
    expect(attainment).toBeLessThan(1);
  });

  it("counts denials too: a refused name search is a decision with its entry", async () => {
    const h = base(43);
    pinClock(new Date(h.getTime() + 5 * MIN));
    const analyst = await createTestUser("analyst", "sli-denied");
    const { searchPeople } = await import("@/lib/people/search-people");
    await expect(searchPeople(analyst, { query: "Martinez", purpose: "Support ticket SUP-7002" }, testMeta())).rejects.toThrow(/pii_basic/);
    expect(await flushDecisionTally()).toBe(1);
    const obs = await gatewayLoggedObservations(h, new Date(h.getTime() + 2 * HOUR));
    expect(obs.map((o) => [o.subject, o.good, o.total])).toEqual([["people.searched", 1, 1]]);
  });
});

describe("governance SLIs from the domain tables", () => {
  it("access approval time: hours from asked to decided, for approvals and denials", async () => {
    const t0 = base(45);
    pinClock(t0);
    const analyst = await createTestUser("analyst", "sli-asker");
    const admin = await createTestUser("privacy_admin", "sli-approver");
    const asked = await createAccessRequest(as(analyst), {
      scope: "pii_basic",
      reason: "Dispute follow-ups for the payout queue",
      durationMinutes: 1440,
    });
    const denied = await createAccessRequest(as(analyst), {
      scope: "pii_sensitive",
      reason: "Addresses for a studio booking check",
      durationMinutes: 1440,
    });
    pinClock(new Date(t0.getTime() + 3 * HOUR));
    await approveAccessRequest(as(admin), { requestId: asked.id, comment: "ok" });
    pinClock(new Date(t0.getTime() + 30 * HOUR));
    await denyAccessRequest(as(admin), { requestId: denied.id, comment: "Not a purpose we grant for" });
    const obs = await accessApprovalObservations(new Date(t0.getTime() - HOUR), new Date(t0.getTime() + 31 * HOUR));
    const mine = obs.filter((o) => o.subject === asked.id || o.subject === denied.id).sort((a, b) => a.value! - b.value!);
    expect(mine.map((o) => [o.itemId, o.value, o.good, o.total, o.detail])).toEqual([
      [`request:${asked.id}`, 3, 0, 1, { tier: "pii_basic" }],
      [`request:${denied.id}`, 30, 0, 1, { tier: "pii_sensitive" }],
    ]);
    expect(mine[0].windowStart).toEqual(t0);
  });

  it("export approval time: only exports that needed approval, hours to decide", async () => {
    const t0 = base(47);
    pinClock(t0);
    const analyst = await createTestUser("analyst", "sli-exporter");
    const admin = await createTestUser("privacy_admin", "sli-export-admin");
    const dataset = "marketplace.people@1";
    const masked = await createExport(as(analyst), { dataset, columns: ["person_id", "role"], format: "csv", purpose: "Quarterly supplier review" });
    const clear = await createExport(as(analyst), {
      dataset,
      columns: ["person_id", "phone"],
      unmask: ["phone"],
      format: "csv",
      purpose: "Quarterly supplier review",
    });
    expect(clear.status).toBe("pending_approval");
    pinClock(new Date(t0.getTime() + 5 * HOUR));
    await approveExport(as(admin), { exportId: clear.id, comment: "Checked with the requester" });
    const obs = await exportApprovalObservations(new Date(t0.getTime() - HOUR), new Date(t0.getTime() + 6 * HOUR));
    expect(obs.find((o) => o.subject === masked.id)).toBeUndefined();
    expect(obs.find((o) => o.subject === clear.id)).toMatchObject({
      itemId: `export:${clear.id}`,
      value: 5,
      good: 0,
      total: 1,
      kind: "export_approval",
    });
  });

  it("grants past expiry: counts rows still active past their end (with the grace), 0 once the expiry job ran", async () => {
    const t0 = base(49);
    pinClock(t0);
    const holder = await createTestUser("analyst", "sli-holder");
    await grantScopes(holder.id, ["pii_tax"], { durationMinutes: 60 });
    const justEnded = new Date(t0.getTime() + 62 * MIN);
    pinClock(justEnded);
    // Within the grace: the expiry job runs every minute, a row one minute late is not a breach.
    const within = await grantsPastExpiryObservation(justEnded, 5 * MIN);
    const later = new Date(t0.getTime() + 90 * MIN);
    pinClock(later);
    const past = await grantsPastExpiryObservation(later, 5 * MIN);
    expect(past.value!).toBeGreaterThan(within.value!);
    expect(past).toMatchObject({ kind: "grants_past_expiry", subject: "grants", good: 0, total: 1, itemId: `check:${later.toISOString()}` });
    await expireGrants(later, testMeta());
    expect((await grantsPastExpiryObservation(later, 5 * MIN)).value).toBe(0);
  });

  it("reviews on time: all items decided by the due date is good; one the deadline revoked is late", async () => {
    const t0 = base(51);
    pinClock(t0);
    const admin = await createTestUser("privacy_admin", "sli-reviewer");
    const holder = await createTestUser("analyst", "sli-reviewed");
    await grantScopes(holder.id, ["background"], { durationMinutes: 3 * 1440 });
    const decideAll = async (campaignId: string, except?: string) => {
      const items = await getDb().reviewItem.findMany({ where: { campaignId, decision: "pending" } });
      for (const i of items.filter((x) => x.granteeId !== except && x.granteeId !== admin.id)) {
        await decideReviewItem(as(admin), { itemId: i.id, decision: "certify", comment: "Still needed" });
      }
    };
    const onTime = await startReviewCampaign(as(admin), {
      name: "SLI review on time",
      scopes: ["background"],
      dueAt: new Date(t0.getTime() + 2 * HOUR),
    });
    await decideAll(onTime.campaignId);
    const late = await startReviewCampaign(as(admin), { name: "SLI review late", scopes: ["background"], dueAt: new Date(t0.getTime() + 3 * HOUR) });
    await decideAll(late.campaignId, holder.id);
    pinClock(new Date(t0.getTime() + 3 * HOUR + MIN));
    await closeDueReviews();
    const obs = await reviewOnTimeObservations(t0, new Date(t0.getTime() + 4 * HOUR));
    const byId = new Map(obs.map((o) => [o.subject, o]));
    expect(byId.get(onTime.campaignId)).toMatchObject({ good: 1, total: 1, kind: "review_on_time" });
    expect(byId.get(onTime.campaignId)!.value!).toBeLessThanOrEqual(0);
    expect(byId.get(late.campaignId)).toMatchObject({ good: 0, total: 1 });
    expect(byId.get(late.campaignId)!.value!).toBeGreaterThan(0);
  });

  it("purge runs: a completed execute run is good, a tripped one bad, dry runs not counted", async () => {
    await resetPurgeState();
    const admin = await createTestUser("privacy_admin", "sli-purger");
    const tw = await openTestWarehouse("sqlite", { size: 50, seed: 3 });
    const writer = testWriter(tw);
    try {
      const from = new Date();
      const done = await startPurgeRun(as(admin), { mode: "execute", trigger: "console" });
      expect((await runPurge(done.runId, { writer })).status).toBe("completed");
      const dry = await startPurgeRun(as(admin), { mode: "dry_run", trigger: "console" });
      await runPurge(dry.runId, { writer });
      const tripped = await startPurgeRun(as(admin), { mode: "execute", trigger: "console" });
      // The breaker's trip needs a warehouse larger than a test's; its end state is what the SLI reads.
      await getDb().purgeRun.update({ where: { id: tripped.runId }, data: { status: "tripped", startedAt: new Date(), finishedAt: new Date() } });
      const obs = await purgeRunObservations(new Date(from.getTime() - MIN), new Date(Date.now() + MIN));
      const byId = new Map(obs.map((o) => [o.subject, o]));
      expect(byId.get(done.runId)).toMatchObject({ good: 1, total: 1, detail: { status: "completed" } });
      expect(byId.get(tripped.runId)).toMatchObject({ good: 0, total: 1, detail: { status: "tripped" } });
      expect(byId.has(dry.runId)).toBe(false);
    } finally {
      await writer.close();
      await tw.dispose();
      await resetPurgeState();
    }
  });
});
