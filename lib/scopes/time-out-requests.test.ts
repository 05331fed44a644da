// The recurring job that closes requests nobody decided in time: ledgered as the system, the requester told, and
// idempotent (a second run, or a second runner, changes nothing).
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { pinClock } from "@/lib/core/clock";
import { dbTarget, getDb } from "@/lib/db/client";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { verifyLedger } from "@/lib/ledger/verify";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { createAccessRequest } from "./create-access-request";
import { timeOutRequests } from "./time-out-requests";

const as = (actor: Actor) => ({ actor, meta: testMeta() });

afterEach(() => pinClock(null));

async function request(requester: Actor) {
  return createAccessRequest(as(requester), { scope: "pii_basic", reason: "Support ticket triage", durationMinutes: 1440 });
}

describe("timeOutRequests", () => {
  it("closes pending requests past their pending time, once, and leaves the others", async () => {
    const [a, b] = [await createTestUser("analyst"), await createTestUser("analyst")];
    const t0 = new Date("2032-01-10T08:00:00.000Z");
    pinClock(t0);
    const old = await request(a);
    pinClock(new Date(t0.getTime() + 3 * 86_400_000));
    const young = await request(b);

    // Seven days after the first request: only it is due.
    const at = new Date(old.pendingUntil.getTime() + 60_000);
    pinClock(at);
    const head = await ledgerHeadSeq();
    expect((await timeOutRequests({ at, meta: testMeta() })).timedOut).toBeGreaterThanOrEqual(1);
    expect(await getDb().accessRequest.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "timed_out", decidedAt: at });
    expect((await getDb().accessRequest.findUniqueOrThrow({ where: { id: young.id } })).status).toBe("pending");
    const mine = await getDb().ledgerEntry.findMany({ where: { seq: { gt: head }, resource: `request:${old.id}` } });
    expect(mine).toMatchObject([{ action: "governance.scope_request_timed_out", actorId: null, actorRole: "system", recordId: a.id }]);
    expect(await getDb().notification.findMany({ where: { userId: a.id } })).toMatchObject([{ kind: "scope.request_timed_out", href: "/access" }]);

    // Idempotent: run again, nothing more for this request.
    const head2 = await ledgerHeadSeq();
    await timeOutRequests({ at, meta: testMeta() });
    expect(await getDb().ledgerEntry.count({ where: { seq: { gt: head2 }, resource: `request:${old.id}` } })).toBe(0);
    expect(await getDb().notification.count({ where: { userId: a.id } })).toBe(1);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("two runners at once close each request exactly once", async () => {
    const requester = await createTestUser("analyst");
    const t0 = new Date("2032-02-10T08:00:00.000Z");
    pinClock(t0);
    const req = await request(requester);
    const at = new Date(req.pendingUntil.getTime() + 1);
    pinClock(at);
    const head = await ledgerHeadSeq();
    await Promise.all([timeOutRequests({ at, meta: testMeta() }), timeOutRequests({ at, meta: testMeta() })]);
    expect(await getDb().ledgerEntry.count({ where: { seq: { gt: head }, resource: `request:${req.id}` } })).toBe(1);
    expect(await getDb().notification.count({ where: { userId: requester.id } })).toBe(1);
  });

  it("is registered as a recurring job kind that runs every minute", async () => {
    const kind = JOB_KINDS.find((k) => k.kind === "scopes.time_out_requests");
    expect(kind?.everyMs).toBe(60_000);
    const requester = await createTestUser("analyst");
    pinClock(new Date("2032-03-10T08:00:00.000Z"));
    const req = await request(requester);
    const at = new Date(req.pendingUntil.getTime() + 1);
    pinClock(at);
    await kind!.run({ jobId: "job_test", attempt: 1, payload: {}, now: at });
    expect((await getDb().accessRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("timed_out");
    const entry = await getDb().ledgerEntry.findFirstOrThrow({
      where: { resource: `request:${req.id}`, action: "governance.scope_request_timed_out" },
    });
    expect(entry.requestId).toBe("job:job_test");
  });
});
