// Every kind of background job this deployment runs (the composition root of lib/jobs): domains export the work,
// this list names it, says how often it recurs, and how it retries. The runner (lib/jobs) knows no domain.
import { flushAnonymousAggregates } from "@/lib/auth/anonymous-aggregates";
import { pruneRateLimits } from "@/lib/auth/rate-limits";
import { pruneSessions } from "@/lib/auth/sessions";
import type { JobKind } from "@/lib/jobs/job-kind";
import { expireGrants } from "@/lib/scopes/expire-grants";
import { sendExpiryReminders } from "@/lib/scopes/send-expiry-reminders";

const MINUTE = 60_000;

export const JOB_KINDS: readonly JobKind[] = [
  {
    kind: "auth.housekeeping",
    title: "Sign-in housekeeping: anonymous failure aggregates, stale rate-limit counters, old sessions",
    everyMs: MINUTE,
    async run({ now }) {
      await flushAnonymousAggregates();
      await pruneRateLimits(now.getTime());
      await pruneSessions();
    },
  },
  {
    kind: "scopes.expire_grants",
    title: "Grant expiry: ends every active grant past its end time",
    everyMs: MINUTE,
    run: ({ now, jobId }) => expireGrants(now, { requestId: `job:${jobId}`, ipHash: null, uaHash: null }),
  },
  {
    kind: "scopes.send_expiry_reminders",
    title: "Expiry reminders: a day and an hour before a grant longer than a day ends",
    everyMs: 5 * MINUTE,
    run: ({ now, jobId }) => sendExpiryReminders(now, { requestId: `job:${jobId}`, ipHash: null, uaHash: null }),
  },
];
