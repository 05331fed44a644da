// The requests list: the one list contract, filters and keyset pages on the server, and who sees what (checked in
// the query, not by the page).
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { createAccessRequest } from "./create-access-request";
import { approveAccessRequest } from "./decide-access-request";
import { getAccessRequest } from "./get-access-request";
import { cancelAccessRequest } from "./cancel-access-request";
import { listAccessRequests, listRequesters } from "./list-access-requests";

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const HOUR = 3_600_000;

afterEach(() => pinClock(null));

async function setUp() {
  const [analyst, other, admin] = [await createTestUser("analyst"), await createTestUser("analyst"), await createTestUser("privacy_admin")];
  const t0 = new Date("2033-06-01T12:00:00.000Z");
  pinClock(t0);
  const tax = await createAccessRequest(as(analyst), {
    scope: "pii_tax",
    reason: "Year-end 1099 reconciliation",
    ticket: "PRIV-9",
    durationMinutes: 2 * 1440,
  });
  pinClock(new Date(t0.getTime() + 2 * HOUR));
  const basic = await createAccessRequest(as(analyst), { scope: "pii_basic", reason: "Support ticket triage", durationMinutes: 1440 });
  pinClock(new Date(t0.getTime() + 3 * HOUR));
  const sensitive = await createAccessRequest(as(analyst), { scope: "pii_sensitive", reason: "Fraud review", durationMinutes: 1440 });
  await cancelAccessRequest(as(analyst), { requestId: sensitive.id });
  const others = await createAccessRequest(as(other), { scope: "pii_tax", reason: "Payout dispute", ticket: "PRIV-10", durationMinutes: 1440 });
  await approveAccessRequest(as(admin), { requestId: tax.id, comment: "Checked the ticket" });
  pinClock(new Date(t0.getTime() + 5 * HOUR));
  return { analyst, other, admin, tax, basic, sensitive, others };
}

describe("listAccessRequests", () => {
  it("shows a requester only their own requests, whatever the filter asks", async () => {
    const { analyst, other, tax, basic, sensitive } = await setUp();
    const mine = await listAccessRequests(analyst, {});
    expect(mine.rows.map((r) => r.id)).toEqual([sensitive.id, basic.id, tax.id]);
    expect(mine.total).toBe(3);
    expect((await listAccessRequests(analyst, { requester: other.id })).rows).toEqual([]);
    expect((await listRequesters(analyst)).map((u) => u.id)).toEqual([analyst.id]);
  });

  it("shows privacy admins everyone's, filtered by tier, status, requester and age, with approvals so far of those needed", async () => {
    const { analyst, other, admin, tax, basic, others } = await setUp();
    const byAnalyst = await listAccessRequests(admin, { requester: analyst.id, status: "pending", sort: "created", dir: "asc" });
    expect(byAnalyst.rows.map((r) => [r.id, r.approvals, r.approvalsNeeded])).toEqual([
      [tax.id, 1, 2],
      [basic.id, 0, 1],
    ]);
    expect(byAnalyst.rows[0]).toMatchObject({ requesterEmail: analyst.email, scope: "pii_tax", ticket: "PRIV-9", status: "pending" });
    const taxes = await listAccessRequests(admin, { tier: "pii_tax", status: "pending", requester: other.id });
    expect(taxes.rows.map((r) => r.id)).toEqual([others.id]);
    // Older than 4 hours (the clock is 5 h after the first request): only the first request.
    expect((await listAccessRequests(admin, { requester: analyst.id, age: "4h" })).rows.map((r) => r.id)).toEqual([tax.id]);
    expect((await listAccessRequests(admin, { requester: analyst.id, age: "1d" })).rows).toEqual([]);
    expect((await listAccessRequests(admin, { requester: analyst.id, status: "decided" })).rows.map((r) => r.status)).toEqual(["cancelled"]);
  });

  it("pages by keyset without repeating or skipping a row", async () => {
    const { analyst, admin } = await setUp();
    const all = await listAccessRequests(admin, { requester: analyst.id, sort: "pending_until", dir: "asc" });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAccessRequests(admin, { requester: analyst.id, sort: "pending_until", dir: "asc", limit: 1, cursor });
      expect(page.total).toBe(3);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.rows.map((r) => r.id));
    expect(new Set(seen).size).toBe(3);
  });

  it("answers a tampered cursor with a 400 naming the field, and refuses roles that cannot see requests", async () => {
    const { admin } = await setUp();
    const err = await listAccessRequests(admin, { cursor: "not-a-cursor" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).field).toBe("cursor");
    const auditor = await createTestUser("auditor");
    await expect(listAccessRequests(auditor, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("getAccessRequest", () => {
  it("gives the trail to privacy admins and the requester, and not-found to anyone else", async () => {
    const { analyst, other, admin, tax } = await setUp();
    const seen = await getAccessRequest(admin, tax.id);
    expect(seen.approvals).toMatchObject([{ approverId: admin.id, approverEmail: admin.email, comment: "Checked the ticket" }]);
    expect(seen).toMatchObject({ approvalsNeeded: 2, status: "pending", requester: { id: analyst.id } });
    expect((await getAccessRequest(analyst, tax.id)).id).toBe(tax.id);
    await expect(getAccessRequest(other, tax.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
