// Requests nobody decided within the policy's pending time close on their own (the recurring job
// `scopes.time_out_requests`). Idempotent: each request moves only from pending, once, whoever runs it.
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { TIER_LABELS, type Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyUsers } from "@/lib/inbox/notify";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
import { lockRow } from "./access-request-internals";
import { utcText } from "./durations";

/** Requests closed per run; the job runs every minute, so a backlog drains over a few runs. */
const BATCH = 200;

export async function timeOutRequests(opts: { at?: Date; meta: RequestMeta; limit?: number }): Promise<{ timedOut: number }> {
  const at = opts.at ?? now();
  const due = await getDb().accessRequest.findMany({
    where: { status: "pending", pendingUntil: { lte: at } },
    orderBy: { pendingUntil: "asc" },
    take: opts.limit ?? BATCH,
    select: { id: true },
  });
  let timedOut = 0;
  // One short unit of work per request: a long batch would hold SQLite's write lock against people's requests.
  for (const { id } of due) {
    const { result } = await commitWithLedger(async ({ tx, record }) => {
      await lockRow(tx, "access_requests", id);
      // Conditional: a decision or a cancellation that got there first wins, and a second runner changes nothing.
      const { count } = await tx.accessRequest.updateMany({
        where: { id, status: "pending", pendingUntil: { lte: at } },
        data: { status: "timed_out", decidedAt: at },
      });
      if (count === 0) return false;
      const r = await tx.accessRequest.findUniqueOrThrow({ where: { id }, select: { requesterId: true, scope: true, pendingUntil: true } });
      const scope = r.scope as Scope;
      record(
        governanceEntry(null, opts.meta, {
          action: "governance.scope_request_timed_out",
          privacyTier: scope,
          resource: `request:${id}`,
          recordId: r.requesterId,
          purpose: "Not decided within the policy's pending time",
          payload: { request_id: id, requester_id: r.requesterId, scope, pending_until: r.pendingUntil.toISOString() },
        }),
      );
      await notifyUsers(
        [r.requesterId],
        {
          kind: "scope.request_timed_out",
          title: `${TIER_LABELS[scope]} request timed out`,
          body: `Your ${scope} request was not decided by ${utcText(r.pendingUntil)} and has closed. Ask again if you still need access.`,
          href: "/access",
        },
        tx,
      );
      return true;
    });
    if (result) timedOut++;
  }
  return { timedOut };
}
