// Every kind of background job this deployment runs (the composition root of lib/jobs): domains export the work,
// this list names it, says how often it recurs, and how it retries. The runner (lib/jobs) knows no domain.
import { buildExportJobKinds } from "@/lib/exports/build/job-kinds";
import { purgeJobKinds } from "@/lib/holds/purge/job-kinds";
import { slaJobKinds } from "@/lib/sla/job-kinds";
import { flushAnonymousAggregates } from "@/lib/auth/anonymous-aggregates";
import { pruneRateLimits } from "@/lib/auth/rate-limits";
import { pruneSessions } from "@/lib/auth/sessions";
import type { JobKind } from "@/lib/jobs/job-kind";
import { pruneJobHistory } from "@/lib/jobs/prune-job-history";
import { checkpointIfDue } from "@/lib/ledger/checkpoint";
import { runVerification, VERIFY_JOB_KIND } from "@/lib/verification/verification-runs";
import { timeOutRequests } from "@/lib/scopes/time-out-requests";
import { BREAK_GLASS_WEBHOOK_KIND, BREAK_GLASS_WEBHOOK_MAX_ATTEMPTS, deliverBreakGlassWebhook } from "@/lib/scopes/break-glass-webhook";
import { CLOSE_DUE_REVIEWS_KIND, closeDueReviews } from "@/lib/scopes/close-due-reviews";
import { expireGrants } from "@/lib/scopes/expire-grants";
import { sendExpiryReminders } from "@/lib/scopes/send-expiry-reminders";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const JOB_KINDS: readonly JobKind[] = [
  {
    kind: "auth.housekeeping",
    title: "Sign-in housekeeping: anonymous failure aggregates, stale rate-limit counters, old sessions",
    everyMs: MINUTE,
    async run({ now }) {
      const aggregates = await flushAnonymousAggregates(now.getTime());
      const rateLimits = await pruneRateLimits(now.getTime());
      const sessions = await pruneSessions();
      return { aggregates, rateLimits, sessions };
    },
  },
  {
    kind: "jobs.prune_history",
    title: "Job history: succeeded runs are dropped after 7 days, failures after 30",
    everyMs: HOUR,
    run: ({ now }) => pruneJobHistory(now),
  },
  {
    kind: "scopes.time_out_requests",
    title: "Access requests: close those left undecided past their policy's pending time",
    everyMs: MINUTE,
    async run({ jobId, now }) {
      return timeOutRequests({ at: now, meta: { requestId: `job:${jobId}`, ipHash: null, uaHash: null } });
    },
  },
  {
    kind: CLOSE_DUE_REVIEWS_KIND,
    title: "Access reviews: at the due date, revoke undecided items and close the campaign",
    everyMs: MINUTE,
    async run() {
      return { ...(await closeDueReviews()) };
    },
  },
  {
    kind: BREAK_GLASS_WEBHOOK_KIND,
    title: "Break-glass: POST the signed alert to the configured webhook",
    maxAttempts: BREAK_GLASS_WEBHOOK_MAX_ATTEMPTS,
    run: (ctx) => deliverBreakGlassWebhook(ctx),
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
  {
    kind: "ledger.checkpoint",
    title: "Ledger checkpoints: sign one every WARDEN_CHECKPOINT_EVERY_ENTRIES entries or WARDEN_CHECKPOINT_EVERY_MINUTES",
    everyMs: 30_000,
    run: ({ now }) => checkpointIfDue(now),
  },
  {
    kind: VERIFY_JOB_KIND,
    title: "Ledger verification started from the console: the chain, the checkpoints and the witness log",
    run: ({ payload, jobId }) => runVerification(String(payload.runId), jobId),
  },
  ...buildExportJobKinds,
  ...purgeJobKinds,
  ...slaJobKinds,
];
