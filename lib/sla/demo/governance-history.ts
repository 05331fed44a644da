// The demo's governance past, so the governance SLIs have something of Warden's own to read: access requests decided
// after realistic delays, grants that end on their own, closed review campaigns, exports decided by an admin, and
// restricted reads through the gateway. Every step is a domain verb run under a pinned clock, in time order, so the
// ledger's seq order stays its time order (the ledger browser and "PII access logged" turn time ranges into seq
// ranges). The SLIs then come from the rows these verbs wrote, never from observations made up here.
// Purges: three nightly execute runs, 29, 22 and 15 days back. Each deletes what retention allowed at its time, so
// the warehouse keeps raw events from 105 days back on (e2e/holds-purge.spec.ts needs some older than 100 days) and
// today's first purge still finds a fortnight of events due.
import type { Acting } from "@/lib/core/actor";
import { now, pinClock } from "@/lib/core/clock";
import { systemRequestMeta } from "@/lib/auth/request-meta";
import { flushDecisionTally } from "@/lib/access/decision-tally";
import { getPerson } from "@/lib/people/get-person";
import { createExport } from "@/lib/exports/create-export";
import { approveExport } from "@/lib/exports/decide-export";
import { markRead } from "@/lib/inbox/inbox";
import { createAccessRequest } from "@/lib/scopes/create-access-request";
import { approveAccessRequest, denyAccessRequest } from "@/lib/scopes/decide-access-request";
import { closeDueReviews } from "@/lib/scopes/close-due-reviews";
import { decideReviewItem } from "@/lib/scopes/decide-review-item";
import { expireGrants } from "@/lib/scopes/expire-grants";
import { startReviewCampaign } from "@/lib/scopes/start-review-campaign";
import { getDb } from "@/lib/db/client";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { env } from "@/lib/core/env";
import { runPurge } from "@/lib/holds/purge/run-purge";
import { startPurgeRun } from "@/lib/holds/purge/start-purge-run";
import type { PurgeWriter } from "@/lib/warehouse/purge-writer";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Who plays the history: one workflow persona asks, the two privacy admins decide. */
export const HISTORY_REQUESTER = "omar@warden.test";
const ADMINS = ["privacy@warden.test", "privacy2@warden.test"] as const;

export interface GovernanceHistoryOptions {
  seed: number;
  /** The history ends a few hours before this instant (the seed's "now"). */
  until: Date;
  /** How far back it starts; default 60 days (inside the 90 days the first evaluation backfills). */
  days?: number;
  /** The warehouse the purge runs delete from; default WAREHOUSE_URL (a test passes its own). */
  purgeWriter?: PurgeWriter;
}

export interface GovernanceHistorySummary {
  requests: number;
  denied: number;
  slow: number;
  expired: number;
  campaigns: number;
  exports: number;
  reads: number;
  purges: number;
  purged: number;
  /** The pinned clock's last instant: the history's last expiry run. */
  endedAt: Date;
}

/** Where a history starts, so the seed can date the users it creates there (they must exist before the history). */
export function historyStart(opts: GovernanceHistoryOptions): Date {
  const start = new Date(opts.until.getTime() - (opts.days ?? 60) * DAY);
  start.setUTCMinutes(0, 0, 0);
  return start;
}

/** A stable 0..1 draw per (seed, series, index). */
function draw(seed: number, series: number, i: number): number {
  let h = (seed ^ Math.imul(series + 1, 0x9e3779b1) ^ Math.imul(i + 7, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * Runs the history under a pinned clock and leaves the clock released (`pinClock(null)`): the seed runs on the
 * real clock. The caller runs it once, on a database whose ledger holds nothing later than `historyStart`.
 */
export async function seedGovernanceHistory(ids: ReadonlyMap<string, string>, opts: GovernanceHistoryOptions): Promise<GovernanceHistorySummary> {
  const until = opts.until.getTime();
  const start = historyStart(opts).getTime();
  const as = (email: string, role: "analyst" | "privacy_admin"): Acting => ({ actor: { id: ids.get(email)!, role }, meta: systemRequestMeta() });
  const omar = () => as(HISTORY_REQUESTER, "analyst");
  const admin = (i: number) => as(ADMINS[i % 2], "privacy_admin");

  let clock = start;
  const at = (t: number) => {
    // Never backwards: the ledger's seq order must stay its time order.
    clock = Math.max(clock, Math.round(t));
    pinClock(new Date(clock));
  };

  const people = (await getWarehouse().searchPeople("ma", { limit: 40, columns: ["person_id"] })).map((r) => String(r.person_id));
  const out: GovernanceHistorySummary = {
    requests: 0,
    denied: 0,
    slow: 0,
    expired: 0,
    campaigns: 0,
    exports: 0,
    reads: 0,
    purges: 0,
    purged: 0,
    endedAt: new Date(start),
  };
  const CYCLE = 20 * HOUR;
  const cycles = Math.floor((until - start - DAY) / CYCLE);
  // Two slow answers (past the 24 h threshold): one older than the 30-day window, one inside it, so the tile's
  // budget is partly spent and not blown (1 of ~36 requests against a 5 % budget).
  const slowAt = new Set([Math.floor(cycles * 0.2), Math.floor(cycles * 0.75)]);
  // Three campaigns, each on the first approved pii_basic grant from its point on.
  const campaignFrom = [0.15, 0.5, 0.8].map((f) => Math.floor(cycles * f));

  const nightly = (daysBack: number) => {
    const d = new Date(until - daysBack * DAY);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), env().purgeHourUtc, 5);
  };
  const purgesAt = [29, 22, 15].map(nightly).filter((t) => t > start);

  try {
    for (let k = 0; k < cycles; k++) {
      const t0 = start + k * CYCLE + draw(opts.seed, 1, k) * 4 * HOUR;
      // The nightly purge (lib/holds/purge/nightly.ts starts it; the job runs it) when its night comes.
      while (purgesAt.length > 0 && purgesAt[0] <= t0) {
        at(purgesAt.shift()!);
        const { runId } = await startPurgeRun({ actor: null, meta: systemRequestMeta() }, { mode: "execute", trigger: "schedule" });
        const run = await runPurge(runId, opts.purgeWriter ? { writer: opts.purgeWriter } : {});
        out.purges++;
        out.purged += run.deleted;
      }
      // Alternate tiers, so a slow answer (up to 30 h) never meets the same tier's next request (40 h later).
      const scope = k % 2 === 0 ? "pii_basic" : "pii_sensitive";
      at(t0);
      const req = await createAccessRequest(omar(), {
        scope,
        reason: k % 2 === 0 ? "Demo history: payout dispute follow-ups" : "Demo history: address checks on flagged bookings",
        durationMinutes: 8 * 60,
      });
      out.requests++;
      const slow = slowAt.has(k);
      const delay = slow ? (25 + draw(opts.seed, 2, k) * 5) * HOUR : (0.25 + draw(opts.seed, 2, k) ** 2 * 6) * HOUR;
      at(t0 + delay);
      if (k % 9 === 4) {
        await denyAccessRequest(admin(k), { requestId: req.id, comment: "Demo history: no open case for this" });
        out.denied++;
        continue;
      }
      await approveAccessRequest(admin(k), {
        requestId: req.id,
        comment: slow ? "Demo history: answered after the weekend" : "Demo history: matches the open case",
      });
      if (slow) out.slow++;
      const granted = now().getTime();

      // Restricted reads while the grant holds: each one a gateway decision with its ledger entry.
      for (let r = 0; r < 2; r++) {
        at(granted + (20 + r * 70) * MIN);
        const personId = people[Math.floor(draw(opts.seed, 3, k * 2 + r) * people.length)];
        await getPerson(omar().actor, { personId, purpose: "Payout dispute follow-up" }, systemRequestMeta());
        out.reads++;
      }

      if (scope === "pii_basic" && out.campaigns < campaignFrom.length && k >= campaignFrom[out.campaigns]) {
        at(granted + 3 * HOUR);
        const due = granted + 7 * DAY;
        const campaign = await startReviewCampaign(admin(k + 1), {
          name: `Demo history review ${out.campaigns + 1}`,
          scopes: ["pii_basic"],
          dueAt: new Date(due).toISOString(),
        });
        const items = await getDb().reviewItem.findMany({ where: { campaignId: campaign.campaignId }, select: { id: true } });
        at(granted + 4 * HOUR);
        for (const item of items)
          await decideReviewItem(admin(k), { itemId: item.id, decision: "certify", comment: "Demo history: still on the dispute queue" });
        out.campaigns++;
      } else if (k % 10 === 2) {
        at(granted + 2 * HOUR);
        const ex = await createExport(omar(), {
          dataset: "marketplace.people@1",
          columns: ["person_id", "phone"],
          unmask: ["phone"],
          format: "csv",
          purpose: "Demo history: dispute call list",
        });
        if (ex.status === "pending_approval") {
          at(granted + (2.5 + draw(opts.seed, 4, k) * 4) * HOUR);
          await approveExport(admin(k + 1), { exportId: ex.id, comment: "Demo history: call list for open disputes" });
          out.exports++;
        }
      }

      // The expiry job's run just after the grant's end (it runs every minute in a live Warden).
      at(granted + 8 * HOUR + MIN);
      out.expired += (await expireGrants(now(), systemRequestMeta())).expired;
      // Campaigns that came due meanwhile close on the same cadence.
      await closeDueReviews();
    }
    // The last campaign's due date may still be ahead of the last cycle: its close job runs then.
    const open = await getDb().reviewCampaign.findMany({ where: { status: "open" }, select: { dueAt: true }, orderBy: { dueAt: "asc" } });
    for (const c of open.filter((c) => c.dueAt.getTime() < until - HOUR)) {
      at(c.dueAt.getTime() + MIN);
      await closeDueReviews();
    }
    // The admins and the requester read their history's notifications; the inbox shows what is new today.
    for (const email of [...ADMINS, HISTORY_REQUESTER]) await markRead(ids.get(email)!, "all");
    // Written now, not by the 5-second timer in the middle of the seed's later bulk writes.
    await flushDecisionTally();
    out.endedAt = new Date(clock);
  } finally {
    pinClock(null);
  }
  return out;
}
