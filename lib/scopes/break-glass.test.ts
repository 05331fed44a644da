import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import type { Scope } from "@/lib/core/tiers";
import { dbTarget, getDb } from "@/lib/db/client";
import { verifyLedger } from "@/lib/ledger/verify";
import { createTestUser, dialect, grantScopes, ledgerHeadSeq, rawExec, testMeta } from "@/lib/test/fixtures";
import { activateBreakGlass, AFTER_REVIEW_WITHIN_MS } from "./activate-break-glass";
import { afterReviewBreakGlass } from "./after-review-break-glass";
import { BREAK_GLASS_WEBHOOK_KIND } from "./break-glass-webhook";
import { listPolicies } from "./get-policy";
import { getBreakGlassUse, listBreakGlass, listBreakGlassAwaitingReview } from "./list-break-glass";

// The webhook is switched on per test: env() is read once per process, so the test swaps what it returns.
const hooks = vi.hoisted(() => ({ webhook: null as { url: string; secret: string } | null }));
vi.mock("@/lib/core/env", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/core/env")>();
  return { ...mod, env: () => ({ ...mod.env(), breakGlassWebhook: hooks.webhook }) };
});

let allowed: { scope: Scope; max: number };
let forbidden: Scope;

beforeAll(async () => {
  // Found from the policies in force rather than assumed, so a policy edited by another test cannot mislead this one.
  const policies = await listPolicies();
  const a = policies.find((p) => p.breakGlassAllowed);
  const f = policies.find((p) => !p.breakGlassAllowed);
  if (!a || !f) throw new Error("the default policies allow break-glass on some tiers and not others");
  allowed = { scope: a.scope, max: a.breakGlassMaxMinutes };
  forbidden = f.scope;
});

afterEach(() => {
  vi.restoreAllMocks();
  pinClock(null);
  hooks.webhook = null;
});

const acting = (actor: Actor) => ({ actor: { id: actor.id, role: actor.role }, meta: testMeta() });

async function refusals(actorId: string) {
  const rows = await getDb().ledgerEntry.findMany({ where: { actorId, action: "governance.action_refused" }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({
    decision: r.decision,
    tier: r.privacyTier,
    purpose: r.purpose,
    payload: JSON.parse(r.payload ?? "{}") as Record<string, unknown>,
  }));
}

async function refusedWith(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("activateBreakGlass", () => {
  it("switches on a grant alone, ledgers it, alerts every privacy admin at once, and is due for after-review in 24 h", async () => {
    const at = new Date("2031-03-04T10:00:00Z");
    pinClock(at);
    const analyst = await createTestUser("analyst");
    const admins = [await createTestUser("privacy_admin"), await createTestUser("privacy_admin")];
    const disabledAdmin = await createTestUser("privacy_admin");
    await getDb().user.update({ where: { id: disabledAdmin.id }, data: { status: "disabled" } });

    const used = await activateBreakGlass(acting(analyst), {
      scope: allowed.scope,
      reason: "Incident INC-4711: payout failures",
      durationMinutes: 60,
    });
    expect(used.expiresAt.toISOString()).toBe("2031-03-04T11:00:00.000Z");
    expect(used.afterReviewDueAt.getTime()).toBe(at.getTime() + AFTER_REVIEW_WITHIN_MS);

    const grant = await getDb().grant.findUniqueOrThrow({ where: { id: used.grantId } });
    expect(grant).toMatchObject({ userId: analyst.id, scope: allowed.scope, status: "active", source: "break_glass", grantedById: null });
    const entry = await getDb().ledgerEntry.findFirstOrThrow({ where: { actorId: analyst.id, action: "governance.break_glass_activated" } });
    expect(entry.resource).toBe(`grant:${used.grantId}`);
    expect(entry.purpose).toBe("Incident INC-4711: payout failures");

    for (const admin of admins) {
      const [note] = await getDb().notification.findMany({ where: { userId: admin.id } });
      expect(note).toMatchObject({ kind: "break_glass.activated", href: `/break-glass/${used.grantId}` });
      expect(note.title).toContain("Break-glass");
    }
    expect(await getDb().notification.count({ where: { userId: disabledAdmin.id } })).toBe(0);
    expect(await getDb().notification.count({ where: { userId: analyst.id } })).toBe(0);
    // No webhook configured: no delivery job.
    expect(await getDb().job.count({ where: { dedupeKey: `${BREAK_GLASS_WEBHOOK_KIND}:${used.grantId}` } })).toBe(0);
  });

  it("queues the signed webhook delivery in the same unit of work when a webhook is configured", async () => {
    hooks.webhook = { url: "http://127.0.0.1:9/hook", secret: "s".repeat(32) };
    const analyst = await createTestUser("analyst");
    const used = await activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: "Incident INC-4712 investigation", durationMinutes: 30 });
    const job = await getDb().job.findUniqueOrThrow({ where: { dedupeKey: `${BREAK_GLASS_WEBHOOK_KIND}:${used.grantId}` } });
    expect(job).toMatchObject({ kind: BREAK_GLASS_WEBHOOK_KIND, status: "queued", maxAttempts: 8 });
    const payload = JSON.parse(job.payload) as { event_name: string; actor_user_id: string; payload: { grant_id: string } };
    expect(payload.event_name).toBe("governance.break_glass_activated");
    expect(payload.actor_user_id).toBe(analyst.id);
    expect(payload.payload.grant_id).toBe(used.grantId);
    // Ids and hashes only: the reason (free text) and the console user's email stay out of the outbound body.
    expect(job.payload).not.toContain("INC-4712");
    expect(job.payload).not.toContain(analyst.email);
  });

  it("refuses a tier whose policy forbids break-glass, and records the refusal", async () => {
    const analyst = await createTestUser("analyst");
    const err = await refusedWith(activateBreakGlass(acting(analyst), { scope: forbidden, reason: "Need it right now please", durationMinutes: 30 }));
    expect(err.code).toBe("forbidden");
    expect(err.message).toMatch(/does not allow break-glass/);
    expect(await getDb().grant.count({ where: { userId: analyst.id } })).toBe(0);
    const [entry] = await refusals(analyst.id);
    expect(entry).toMatchObject({ decision: "deny", tier: forbidden });
    expect(entry.payload).toMatchObject({ attempted: "break_glass", code: "forbidden", field: "scope" });
  });

  it("refuses more than the policy's limit, and records the refusal", async () => {
    const analyst = await createTestUser("analyst");
    const err = await refusedWith(
      activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: "Incident INC-1 follow-up", durationMinutes: allowed.max + 1 }),
    );
    expect(err).toMatchObject({ code: "validation_failed", field: "durationMinutes" });
    expect(err.message).toContain(`${allowed.max} minutes`);
    expect(await getDb().grant.count({ where: { userId: analyst.id } })).toBe(0);
    expect((await refusals(analyst.id))[0].payload).toMatchObject({ attempted: "break_glass", field: "durationMinutes", max_minutes: allowed.max });
  });

  it("refuses a missing reason, and a reason carrying personal data, recording each refusal without the text", async () => {
    const analyst = await createTestUser("analyst");
    const missing = await refusedWith(
      activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: undefined as unknown as string, durationMinutes: 30 }),
    );
    expect(missing).toMatchObject({ code: "validation_failed", field: "reason", message: "A reason is required" });
    const blank = await refusedWith(activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: "   ", durationMinutes: 30 }));
    expect(blank.field).toBe("reason");
    const pii = await refusedWith(
      activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: "Call jane.doe@example.com now", durationMinutes: 30 }),
    );
    expect(pii.message).toMatch(/email address/);
    const logged = await refusals(analyst.id);
    expect(logged).toHaveLength(3);
    expect(JSON.stringify(logged)).not.toContain("jane.doe@example.com");
    expect(await getDb().grant.count({ where: { userId: analyst.id } })).toBe(0);
  });

  it("refuses a role without scope.request (an auditor), and someone who already holds the tier", async () => {
    const auditor = await createTestUser("auditor");
    expect(
      (await refusedWith(activateBreakGlass(acting(auditor), { scope: allowed.scope, reason: "Audit sample check", durationMinutes: 5 }))).code,
    ).toBe("forbidden");
    const holder = await createTestUser("analyst");
    await grantScopes(holder.id, [allowed.scope]);
    const err = await refusedWith(activateBreakGlass(acting(holder), { scope: allowed.scope, reason: "Incident INC-9 triage", durationMinutes: 5 }));
    expect(err.code).toBe("conflict");
    expect((await refusals(holder.id))[0].payload).toMatchObject({ attempted: "break_glass", code: "conflict" });
  });

  it("writes no grant, alert or job when the ledger append fails", async () => {
    hooks.webhook = { url: "http://127.0.0.1:9/hook", secret: "s".repeat(32) };
    const analyst = await createTestUser("analyst");
    const admin = await createTestUser("privacy_admin");
    const before = await ledgerHeadSeq();
    const refuse =
      dialect() === "sqlite"
        ? [`CREATE TRIGGER bg_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
        : [
            `CREATE OR REPLACE FUNCTION bg_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
            `CREATE TRIGGER bg_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION bg_test_refuse()`,
          ];
    for (const sql of refuse) await rawExec(sql);
    // The unit of work logs the driver's error; expected here.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const err = await refusedWith(
        activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: "Incident INC-77 triage", durationMinutes: 5 }),
      );
      expect(err.code).toBe("unavailable");
    } finally {
      await rawExec(dialect() === "sqlite" ? `DROP TRIGGER IF EXISTS bg_test_refuse` : `DROP TRIGGER IF EXISTS bg_test_refuse ON ledger_entries`);
    }
    expect(await getDb().grant.count({ where: { userId: analyst.id } })).toBe(0);
    expect(await getDb().notification.count({ where: { userId: admin.id } })).toBe(0);
    expect(await getDb().job.count({ where: { kind: BREAK_GLASS_WEBHOOK_KIND, payload: { contains: analyst.id } } })).toBe(0);
    expect(await ledgerHeadSeq()).toBe(before);
  });
});

describe("afterReviewBreakGlass", () => {
  async function used(minutes = 60) {
    const analyst = await createTestUser("analyst");
    const use = await activateBreakGlass(acting(analyst), { scope: allowed.scope, reason: "Incident INC-500 payouts", durationMinutes: minutes });
    return { analyst, grantId: use.grantId };
  }

  it("records a justified use and keeps the grant running", async () => {
    const { grantId } = await used();
    const admin = await createTestUser("privacy_admin");
    const r = await afterReviewBreakGlass(acting(admin), { grantId, comment: "Matches incident INC-500", outcome: "justified" });
    expect(r).toMatchObject({ outcome: "justified", revoked: false, overdue: false });
    const grant = await getDb().grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({
      status: "active",
      afterReviewedById: admin.id,
      afterReviewOutcome: "justified",
      afterReviewComment: "Matches incident INC-500",
    });
    const entry = await getDb().ledgerEntry.findFirstOrThrow({ where: { actorId: admin.id, action: "governance.break_glass_after_reviewed" } });
    expect(JSON.parse(entry.payload!)).toMatchObject({ grant_id: grantId, outcome: "justified" });
    // Reviewed once: a second review is a conflict.
    const again = await refusedWith(afterReviewBreakGlass(acting(admin), { grantId, comment: "twice", outcome: "revoke" }));
    expect(again.code).toBe("conflict");
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: grantId } })).status).toBe("active");
  });

  it("ends the grant at once on revoke", async () => {
    const { grantId } = await used();
    const admin = await createTestUser("privacy_admin");
    const r = await afterReviewBreakGlass(acting(admin), { grantId, comment: "No incident open at that time", outcome: "revoke" });
    expect(r.revoked).toBe(true);
    const grant = await getDb().grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({ status: "revoked", endedById: admin.id, afterReviewOutcome: "revoke" });
    const actions = (await getDb().ledgerEntry.findMany({ where: { actorId: admin.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["governance.break_glass_after_reviewed", "governance.scope_revoked"]);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("refuses the grantee (even a privacy admin who broke the glass) and records it", async () => {
    const admin = await createTestUser("privacy_admin");
    const use = await activateBreakGlass(acting(admin), { scope: allowed.scope, reason: "Incident INC-600 triage", durationMinutes: 10 });
    const err = await refusedWith(afterReviewBreakGlass(acting(admin), { grantId: use.grantId, comment: "Was fine", outcome: "justified" }));
    expect(err).toMatchObject({ code: "forbidden", field: "grantId" });
    expect((await getDb().grant.findUniqueOrThrow({ where: { id: use.grantId } })).afterReviewedAt).toBeNull();
    const [entry] = await refusals(admin.id);
    expect(entry.payload).toMatchObject({ attempted: "break_glass_after_review", code: "forbidden" });
  });

  it("refuses an analyst, a missing comment, and a grant that is not a break-glass use", async () => {
    const { grantId, analyst } = await used();
    const other = await createTestUser("analyst");
    expect((await refusedWith(afterReviewBreakGlass(acting(other), { grantId, comment: "looks fine", outcome: "justified" }))).code).toBe(
      "forbidden",
    );
    const admin = await createTestUser("privacy_admin");
    expect(await refusedWith(afterReviewBreakGlass(acting(admin), { grantId, comment: "", outcome: "justified" }))).toMatchObject({
      code: "validation_failed",
      field: "comment",
    });
    await grantScopes(analyst.id, ["pii_basic"]);
    const direct = await getDb().grant.findFirstOrThrow({ where: { userId: analyst.id, source: "direct" } });
    expect((await refusedWith(afterReviewBreakGlass(acting(admin), { grantId: direct.id, comment: "n/a here", outcome: "justified" }))).code).toBe(
      "not_found",
    );
  });
});

describe("listing break-glass uses", () => {
  it("flags overdue after-reviews and lists them first; others see only their own", async () => {
    const base = new Date("2032-06-01T08:00:00Z");
    pinClock(base);
    const early = await createTestUser("analyst");
    const late = await createTestUser("analyst");
    const a = await activateBreakGlass(acting(early), { scope: allowed.scope, reason: "Incident INC-800 first", durationMinutes: 15 });
    pinClock(new Date(base.getTime() + 20 * 3_600_000));
    const b = await activateBreakGlass(acting(late), { scope: allowed.scope, reason: "Incident INC-801 second", durationMinutes: 15 });
    // 25 h after the first use: its after-review is overdue, the second's is not.
    pinClock(new Date(base.getTime() + 25 * 3_600_000));
    const admin = await createTestUser("privacy_admin");
    const awaiting = await listBreakGlassAwaitingReview(admin, 200);
    const ia = awaiting.findIndex((r) => r.grantId === a.grantId);
    const ib = awaiting.findIndex((r) => r.grantId === b.grantId);
    expect(ia).toBeGreaterThanOrEqual(0);
    expect(ib).toBeGreaterThan(ia);
    expect(awaiting[ia]).toMatchObject({ overdue: true, status: "expired", userEmail: early.email });
    expect(awaiting[ib].overdue).toBe(false);

    const own = await listBreakGlass(late, { view: "all" });
    expect(own.rows.map((r) => r.grantId)).toEqual([b.grantId]);
    expect(await getBreakGlassUse(late, a.grantId)).toBeNull();

    await afterReviewBreakGlass(acting(admin), { grantId: a.grantId, comment: "Late, but justified", outcome: "justified" });
    const reviewed = await listBreakGlass(admin, { view: "reviewed", limit: 200 });
    expect(reviewed.rows.find((r) => r.grantId === a.grantId)).toMatchObject({ outcome: "justified", reviewerEmail: admin.email, overdue: false });
    expect((await listBreakGlassAwaitingReview(admin, 200)).some((r) => r.grantId === a.grantId)).toBe(false);
  });
});
