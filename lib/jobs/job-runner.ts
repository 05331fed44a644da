// The polling job runner: a pass at once on start, then one every pollMs, until stopped (docs/decisions/012). The
// server starts one from instrumentation.ts (WARDEN_JOBS=on); `warden jobs run` starts one in the CLI. Any number of
// runners may share the database: claims are exclusive. Nothing here blocks the event loop: every query waits for a
// held lock asynchronously (lib/db/busy.ts), and a database that stays busy or unreachable means "try at the next
// poll", logged once, never a crash. A job that fails is recorded; it never stops the runner.
import { isUnavailableError } from "@/lib/core/errors";
import { errorText, oneLine, runDueJobs, type JobOutcome, type RunJobsOptions } from "./run-due-jobs";

export interface JobRunnerOptions extends Omit<RunJobsOptions, "shouldStop"> {
  pollMs: number;
  /** Where the runner reports; default console. */
  log?: Pick<Console, "log" | "warn" | "error">;
}

export interface JobRunner {
  /** Claims nothing more and resolves once the jobs in hand have finished. */
  stop(): Promise<void>;
}

export function startJobRunner(opts: JobRunnerOptions): JobRunner {
  const log = opts.log ?? console;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | null = null;
  // The last problem reported, so a database that stays down is logged once, not every poll.
  let reported: string | null = null;

  const onJob = (o: JobOutcome) => {
    if (o.outcome === "retrying" || o.outcome === "failed") log.error(`[warden] jobs: ${describeOutcome(o)}`);
    opts.onJob?.(o);
  };

  const pass = async () => {
    try {
      await runDueJobs({ ...opts, onJob, shouldStop: () => stopped });
      if (reported) log.log("[warden] jobs: the database answers again; running due jobs");
      reported = null;
    } catch (err) {
      const problem = isUnavailableError(err)
        ? `the database is busy or unreachable (${oneLine(errorText(err))}); due jobs will run at a later poll`
        : `a pass failed (${oneLine(errorText(err))}); trying again at the next poll`;
      if (problem !== reported) log.warn(`[warden] jobs: ${problem}`);
      reported = problem;
    }
  };

  const tick = () => {
    current = pass().finally(() => {
      current = null;
      if (!stopped) timer = setTimeout(tick, opts.pollMs);
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/**
 * Stops the runner on SIGTERM/SIGINT: it claims nothing more and lets the job in hand finish. scripts/server.ts
 * exits on the same signals after closing the HTTP server; a job cut short by that exit is taken over by the next
 * runner once its lease runs out. Where nothing else handles the signal (`next start`), it is raised again once the
 * runner stopped, so the process exits as it would have.
 */
export function stopOnSignals(runner: JobRunner): JobRunner {
  const onSignal = (signal: NodeJS.Signals) => {
    const handledElsewhere = process.listenerCount(signal) > 0;
    void runner.stop().finally(() => handledElsewhere || process.kill(process.pid, signal));
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return runner;
}

/** One line for a job's end: what ran, which try, how long, and the summary or the error. */
export function describeOutcome(o: JobOutcome): string {
  const head = `${o.outcome.padEnd(9)} ${o.kind} ${o.jobId} try ${o.attempt}/${o.maxAttempts} ${o.durationMs} ms`;
  const next = o.nextRunAt ? `; next ${o.outcome === "retrying" ? "try" : "run"} ${o.nextRunAt.toISOString()}` : "";
  if (o.error !== undefined) return `${head}: ${oneLine(o.error)}${next}`;
  const summary = o.summary && Object.keys(o.summary).length ? ` ${JSON.stringify(o.summary)}` : "";
  return `${head}${summary}${next}`;
}
