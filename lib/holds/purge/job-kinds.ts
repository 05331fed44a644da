// The purge's job kinds, as lib/job-kinds lists them: `purge.run` runs one run (started from the console, the CLI or
// the schedule); `purge.nightly` checks every few minutes whether tonight's execute run is due (WARDEN_PURGE_HOUR_UTC)
// and starts it once per day. The runner's recurring kinds keep a fixed interval, not a wall-clock hour, hence the check.
import type { JobKind } from "@/lib/jobs/job-kind";
import { PURGE_NIGHTLY_KIND, PURGE_RUN_KIND, PURGE_RUN_MAX_ATTEMPTS } from "./kinds";
import { startNightlyPurge } from "./nightly";
import { inServer, runPurgeInProcess } from "./purge-process";
import { runPurge } from "./run-purge";

export const NIGHTLY_CHECK_MS = 5 * 60_000;

export const purgeJobKinds: readonly JobKind[] = [
  {
    kind: PURGE_RUN_KIND,
    title: "Purge runs: count the candidates, and for an execute run delete them in batches under the purge lease",
    maxAttempts: PURGE_RUN_MAX_ATTEMPTS,
    backoffMs: 30_000,
    // In the server, a process of its own (purge-process.ts): a SQLite batch must not hold the event loop.
    run: async ({ payload, attempt }) => {
      const runId = String(payload.runId);
      const opts = { attempt, maxAttempts: PURGE_RUN_MAX_ATTEMPTS };
      return { ...(inServer() ? await runPurgeInProcess({ runId, ...opts }) : await runPurge(runId, opts)) };
    },
  },
  {
    kind: PURGE_NIGHTLY_KIND,
    title: "Nightly purge: start the execute run once a day at WARDEN_PURGE_HOUR_UTC",
    everyMs: NIGHTLY_CHECK_MS,
    run: ({ now, jobId }) => startNightlyPurge(now, jobId),
  },
];
