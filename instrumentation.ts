// Runs once when the server starts (Next.js instrumentation hook): follows the test clock when one is configured,
// and starts the persisted job runner unless WARDEN_JOBS=off (then a cron line runs `warden jobs run --once`).
// Several instances may each run one: a job is claimed by one runner at a time (docs/decisions/012).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/core/env");
  const file = env().testClockFile;
  if (file) {
    const { followClockFile } = await import("./lib/core/clock");
    followClockFile(file);
    console.warn(`[warden] TEST CLOCK: the clock follows ${file} (WARDEN_TEST_CLOCK_FILE); never set this in production`);
  }
  // The embedded default makes its checkpoint signing key on first start; PostgreSQL must be given one (decision 018).
  const { ensureSigningKey } = await import("./lib/ledger/signing-key");
  ensureSigningKey();
  if (!env().jobsInProcess) return;
  const { startJobRunner, stopOnSignals } = await import("./lib/jobs/job-runner");
  const { JOB_KINDS } = await import("./lib/job-kinds/job-kinds");
  // One runner per process, even if the hook runs again (development reloads).
  const shared = globalThis as { __wardenJobRunner?: unknown };
  if (shared.__wardenJobRunner) return;
  shared.__wardenJobRunner = stopOnSignals(startJobRunner({ kinds: JOB_KINDS, pollMs: env().jobsPollMs }));
}
