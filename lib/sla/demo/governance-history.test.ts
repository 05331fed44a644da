// The demo's governance history: every governance SLI finds rows of Warden's own to read, "PII access logged" is at
// 100%, nothing is left past its expiry, and the ledger it writes is in time order (issue 10, decision 036).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { resetPurgeState, testWriter } from "@/lib/holds/purge/test-helpers";
import { createTestUser } from "@/lib/test/fixtures";
import { openTestWarehouse, type TestWarehouse } from "@/lib/warehouse/test-warehouses";
import type { PurgeWriter } from "@/lib/warehouse/purge-writer";
import {
  accessApprovalObservations,
  exportApprovalObservations,
  grantsPastExpiryObservation,
  purgeRunObservations,
  reviewOnTimeObservations,
} from "../governance/governance-observations";
import { gatewayLoggedObservations } from "../governance/pii-logged";
import { HISTORY_REQUESTER, historyStart, seedGovernanceHistory, type GovernanceHistorySummary } from "./governance-history";

const DAY = 86_400_000;
// Far ahead of the other tests' rows, so the windows below hold only this history.
const until = new Date(Math.floor(Date.now() / DAY) * DAY + 400 * DAY);
const opts = { seed: 11, until, days: 35 };
const from = historyStart(opts);

let tw: TestWarehouse;
let writer: PurgeWriter;
let summary: GovernanceHistorySummary;
let seqBefore: number;

beforeAll(async () => {
  await resetPurgeState();
  tw = await openTestWarehouse("sqlite", { size: 50, seed: 3 });
  writer = testWriter(tw);
  const ids = new Map<string, string>();
  for (const [email, role] of [
    [HISTORY_REQUESTER, "analyst"],
    ["privacy@warden.test", "privacy_admin"],
    ["privacy2@warden.test", "privacy_admin"],
  ] as const) {
    ids.set(email, (await createTestUser(role, `history-${role}`)).id);
  }
  seqBefore = Number((await getDb().ledgerEntry.aggregate({ _max: { seq: true } }))._max.seq ?? 0);
  summary = await seedGovernanceHistory(ids, { ...opts, purgeWriter: writer });
}, 120_000);

afterEach(() => pinClock(null));
afterAll(async () => {
  await writer?.close();
  await tw?.dispose();
  await resetPurgeState();
});

describe("seedGovernanceHistory", () => {
  it("gives every governance SLI observations from the rows the domain verbs wrote", async () => {
    const access = await accessApprovalObservations(from, until);
    expect(access.length).toBe(summary.requests);
    // Two answers past the 24 h threshold, the rest within it.
    expect(access.filter((o) => (o.value ?? 0) > 24).length).toBe(2);
    expect(summary.denied).toBeGreaterThan(0);

    const exports = await exportApprovalObservations(from, until);
    expect(exports.length).toBe(summary.exports);
    expect(exports.length).toBeGreaterThan(0);
    for (const o of exports) expect(o.value!).toBeLessThan(24);

    const reviews = await reviewOnTimeObservations(from, until);
    expect(reviews.length).toBe(summary.campaigns);
    expect(reviews.length).toBeGreaterThanOrEqual(2);
    for (const o of reviews) expect(o).toMatchObject({ good: 1, total: 1 });

    const purges = await purgeRunObservations(from, until);
    expect(purges.length).toBe(3);
    for (const o of purges) expect(o).toMatchObject({ good: 1, total: 1, detail: { status: "completed" } });
  });

  it("leaves no grant past its expiry at the history's end", async () => {
    expect(summary.expired).toBeGreaterThan(0);
    const reading = await grantsPastExpiryObservation(summary.endedAt, 5 * 60_000);
    expect(reading.value).toBe(0);
  });

  it("has PII access logged at 100%: every gateway decision of the history has its ledger entry", async () => {
    const obs = await gatewayLoggedObservations(from, until);
    expect(obs.length).toBeGreaterThan(10);
    const decisions = obs.reduce((s, o) => s + (o.total ?? 0), 0);
    expect(decisions).toBe(summary.reads);
    for (const o of obs) expect(o.good).toBe(o.total);
  });

  it("writes its ledger entries in time order (seq order = occurred_at order)", async () => {
    const entries = await getDb().ledgerEntry.findMany({ where: { seq: { gt: seqBefore } }, orderBy: { seq: "asc" }, select: { occurredAt: true } });
    expect(entries.length).toBeGreaterThan(summary.requests * 2);
    for (let i = 1; i < entries.length; i++)
      expect(Date.parse(String(entries[i].occurredAt))).toBeGreaterThanOrEqual(Date.parse(String(entries[i - 1].occurredAt)));
  });
});
