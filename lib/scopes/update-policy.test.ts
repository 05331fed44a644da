import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { getPolicy, type ScopePolicy } from "./get-policy";
import { listPolicyHistory } from "./list-policy-history";
import { pickRules } from "./policy-rules";
import { ticketPatternProblem, updatePolicy, type TPolicyEdit } from "./update-policy";

// Test files share one database: the tier edited here is put back to its rules afterwards (as a newer version).
const SCOPE = "background";
let admin: Actor;
let analyst: Actor;
let auditor: Actor;
let original: ScopePolicy;

beforeAll(async () => {
  admin = await createTestUser("privacy_admin");
  analyst = await createTestUser("analyst");
  auditor = await createTestUser("auditor");
  original = await getPolicy(SCOPE);
});

afterAll(async () => {
  const now = await getPolicy(SCOPE);
  if (JSON.stringify(pickRules(now)) !== JSON.stringify(pickRules(original))) {
    await updatePolicy(as(admin), SCOPE, { ...pickRules(original), changeReason: "Restore after the policy tests" });
  }
});

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const entriesAfter = (seq: number) => getDb().ledgerEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
const edit = async (changes: Partial<TPolicyEdit> = {}): Promise<TPolicyEdit> => ({
  ...pickRules(await getPolicy(SCOPE)),
  changeReason: "Quarterly policy review",
  ...changes,
});

async function refusal(run: () => Promise<unknown>) {
  const before = await ledgerHeadSeq();
  const versionBefore = (await getPolicy(SCOPE)).version;
  const err = await run().then(
    () => new Error("expected a refusal, but the call succeeded"),
    (e: unknown) => e,
  );
  const { status, body } = toErrorResponse(err);
  return {
    status,
    message: body.error.message,
    field: body.error.field,
    entries: await entriesAfter(before),
    versionAfter: (await getPolicy(SCOPE)).version,
    versionBefore,
  };
}

describe("updatePolicy", () => {
  it("makes a new version (the old row stays as it was) and ledgers the old and the new values with the reason", async () => {
    const before = await getPolicy(SCOPE);
    const head = await ledgerHeadSeq();
    const made = await updatePolicy(
      as(admin),
      SCOPE,
      await edit({ approvalsRequired: 3, maxDurationMinutes: 3 * 1440, ticketPattern: "^BG-[0-9]{1,8}$" }),
    );
    expect(made).toMatchObject({ scope: SCOPE, version: before.version + 1, approvalsRequired: 3, maxDurationMinutes: 4320, createdById: admin.id });
    expect(await getPolicy(SCOPE)).toMatchObject({
      version: before.version + 1,
      ticketPattern: "^BG-[0-9]{1,8}$",
      changeReason: "Quarterly policy review",
    });
    const old = await getDb().scopePolicy.findUniqueOrThrow({ where: { scope_version: { scope: SCOPE, version: before.version } } });
    expect(old).toMatchObject({
      approvalsRequired: before.approvalsRequired,
      maxDurationMinutes: before.maxDurationMinutes,
      ticketPattern: before.ticketPattern,
    });

    const [entry, ...rest] = await entriesAfter(head);
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({
      action: "governance.scope_policy_changed",
      actorId: admin.id,
      privacyTier: SCOPE,
      resource: `scope_policy:${SCOPE}`,
      purpose: "Quarterly policy review",
      decision: "allow",
    });
    const payload = JSON.parse(entry.payload!);
    expect(payload).toMatchObject({
      from_version: before.version,
      to_version: before.version + 1,
      changed: ["approvals_required", "max_duration_minutes", "ticket_pattern"],
      old: { approvals_required: before.approvalsRequired, max_duration_minutes: before.maxDurationMinutes, ticket_pattern: before.ticketPattern },
      new: { approvals_required: 3, max_duration_minutes: 4320, ticket_pattern: "^BG-[0-9]{1,8}$", reason_required: before.reasonRequired },
    });

    const [latest] = await listPolicyHistory(auditor, SCOPE);
    expect(latest).toMatchObject({
      version: before.version + 1,
      createdByEmail: expect.stringContaining("privacy_admin-"),
      changeReason: "Quarterly policy review",
    });
    expect(latest.changes.map((c) => [c.rule, c.to])).toEqual([
      ["approvalsRequired", "3 approvals"],
      ["maxDurationMinutes", "3 days"],
      ["ticketPattern", "^BG-[0-9]{1,8}$"],
    ]);
  });

  it("refuses an edit based on a version that is no longer in force (409), writing nothing", async () => {
    const current = await getPolicy(SCOPE);
    const head = await ledgerHeadSeq();
    const err = toErrorResponse(
      await updatePolicy(as(admin), SCOPE, await edit({ approvalsRequired: 4, baseVersion: current.version - 1 })).catch((e: unknown) => e),
    );
    expect(err).toMatchObject({ status: 409 });
    expect(err.body.error.message).toMatch(new RegExp(`now version ${current.version}`));
    expect((await getPolicy(SCOPE)).version).toBe(current.version);
    expect(await ledgerHeadSeq()).toBe(head);
  });
});

describe("updatePolicy refusals: a clear message, no new version, and a governance.action_refused entry", () => {
  it.each([
    ["an analyst", () => analyst],
    ["an auditor", () => auditor],
  ])("refuses %s (policy.manage), 403", async (_label, who) => {
    const r = await refusal(async () => updatePolicy(as(who()), SCOPE, await edit({ approvalsRequired: 1 })));
    expect(r.status).toBe(403);
    expect(r.message).toMatch(/does not allow this \(policy\.manage\)/);
    expect(r.versionAfter).toBe(r.versionBefore);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({
      action: "governance.action_refused",
      decision: "deny",
      actorId: who().id,
      resource: `scope_policy:${SCOPE}`,
    });
    expect(JSON.parse(r.entries[0].payload!)).toMatchObject({ attempted: "update_policy", code: "forbidden" });
  });

  it("refuses an edit that changes nothing", async () => {
    const r = await refusal(async () => updatePolicy(as(admin), SCOPE, await edit()));
    expect(r.status).toBe(422);
    expect(r.message).toMatch(/Nothing changed: version \d+ already sets these rules/);
    expect(r.versionAfter).toBe(r.versionBefore);
    expect(r.entries.map((e) => [e.action, e.decision, e.actorId])).toEqual([["governance.action_refused", "deny", admin.id]]);
  });

  it.each<[string, Partial<TPolicyEdit>, string, RegExp]>([
    ["no approvals", { approvalsRequired: 0 }, "approvalsRequired", /At least 1 approval/],
    ["six approvals", { approvalsRequired: 6 }, "approvalsRequired", /At most 5 approvals/],
    ["grants of 30 minutes", { maxDurationMinutes: 30 }, "maxDurationMinutes", /at least 1 hour/],
    ["grants of 366 days", { maxDurationMinutes: 366 * 1440 }, "maxDurationMinutes", /at most 365 days/],
    ["a pending timeout of 31 days", { pendingTimeoutMinutes: 31 * 1440 }, "pendingTimeoutMinutes", /at most 30 days/],
    ["a pending timeout of 10 minutes", { pendingTimeoutMinutes: 10 }, "pendingTimeoutMinutes", /at least 1 hour/],
    ["break-glass over 24 h", { breakGlassAllowed: true, breakGlassMaxMinutes: 25 * 60 }, "breakGlassMaxMinutes", /at most 1 day/],
    ["break-glass of 5 minutes", { breakGlassAllowed: true, breakGlassMaxMinutes: 5 }, "breakGlassMaxMinutes", /at least 15 minutes/],
    [
      "break-glass longer than any grant",
      { maxDurationMinutes: 120, breakGlassAllowed: true, breakGlassMaxMinutes: 240 },
      "breakGlassMaxMinutes",
      /cannot last longer than the longest grant/,
    ],
    ["a ticket pattern that does not compile", { ticketPattern: "^PRIV-[0-9+$" }, "ticketPattern", /not a valid regular expression/],
    ["a ticket pattern prone to catastrophic backtracking", { ticketPattern: "^(PRIV-[0-9]+)+$" }, "ticketPattern", /repeated group/],
    ["a ticket pattern of 101 characters", { ticketPattern: "A".repeat(101) }, "ticketPattern", /under 100 characters/],
    ["no change reason", { changeReason: undefined }, "changeReason", /A reason is required/],
    ["a change reason with a phone number", { changeReason: "Per call with +1 415 555 0100" }, "changeReason", /phone number/],
  ])("refuses %s, 422 on the field", async (_label, change, field, message) => {
    const r = await refusal(async () => updatePolicy(as(admin), SCOPE, await edit(change)));
    expect(r).toMatchObject({ status: 422, field });
    expect(r.message).toMatch(message);
    expect(r.versionAfter).toBe(r.versionBefore);
    expect(r.entries.map((e) => [e.action, e.decision, e.actorId])).toEqual([["governance.action_refused", "deny", admin.id]]);
  });

  it("refuses an unknown tier", async () => {
    const r = await refusal(async () => updatePolicy(as(admin), "pii_everything" as never, await edit({ approvalsRequired: 2 })));
    expect(r).toMatchObject({ status: 422, field: "scope" });
    expect(r.entries[0]).toMatchObject({ action: "governance.action_refused", privacyTier: "none" });
  });
});

describe("ticketPatternProblem", () => {
  it.each([
    "^PRIV-[0-9]+$",
    "^(PRIV|SEC)-[0-9]{1,8}$",
    "^[A-Z]{2,5}-\\d+$",
    "^INC\\d{7}$",
    "^(?:JIRA-)?[0-9]+$",
    "[(a+)+]",
    "^\\(a+\\)+$",
    "^(ab)+$",
    "^(a)?b+$",
  ])("accepts %s", (p) => expect(ticketPatternProblem(p)).toBeNull());

  it.each([
    ["(a+)+$", /repeated group/],
    ["^(\\w+\\s?)*$", /repeated group/],
    ["^(a|ab)*$", /repeated group/],
    ["^(\\d+)*$", /repeated group/],
    ["^((ab)*c)+$", /repeated group/],
    ["^(?<id>[0-9]+){2,}$", /repeated group/],
    ["^(a{1,3}){1,5}$", /repeated group/],
    ["^(x)\\1$", /Back-references/],
    ["^(?<t>x)\\k<t>$", /Back-references/],
    ["^(?=PRIV)\\w+$", /Lookarounds/],
    ["^(?<!x)y$", /Lookarounds/],
    ["[", /not a valid regular expression/],
  ])("refuses %s", (p, why) => expect(ticketPatternProblem(p)).toMatch(why));
});
