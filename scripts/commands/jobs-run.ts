// `warden jobs run [--once]`: runs due jobs from the command line, for deployments that prefer cron
// (WARDEN_JOBS=off on the servers). --once runs every due job, one line each, and exits: 0, or 1 with a one-line
// reason if any try failed. Without it, it polls like the server does until SIGINT or SIGTERM.
import { env } from "@/lib/core/env";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { describeOutcome, startJobRunner } from "@/lib/jobs/job-runner";
import { oneLine, runDueJobs, type JobOutcome } from "@/lib/jobs/run-due-jobs";
import { parseFlags } from "./args";

export async function jobsRun(args: string[]): Promise<number> {
  const { once } = parseFlags(args, { once: { type: "boolean", default: false } });
  const print = (o: JobOutcome) => console.log(describeOutcome(o));
  if (once) {
    const outcomes = await runDueJobs({ kinds: JOB_KINDS, onJob: print });
    if (outcomes.length === 0) console.log("no jobs were due");
    // "lost" is not a failure: another runner took the job over and records it.
    const failed = outcomes.filter((o) => o.outcome === "failed" || o.outcome === "retrying");
    if (failed.length === 0) return 0;
    const first = failed[0];
    console.error(
      `warden jobs run: ${failed.length} of ${outcomes.length} job(s) failed; first ${first.kind} ${first.jobId}: ${oneLine(first.error ?? "")}`,
    );
    return 1;
  }
  const pollMs = env().jobsPollMs;
  console.log(`jobs: running due jobs every ${pollMs} ms (WARDEN_JOBS_POLL_MS) until SIGINT or SIGTERM`);
  const runner = startJobRunner({ kinds: JOB_KINDS, pollMs, onJob: print });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await runner.stop();
  console.log(`jobs: stopped (${signal}); jobs in hand have finished`);
  return 0;
}
