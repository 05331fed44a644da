// What a kind of background job is: its name, how often it recurs (if it does), how it retries, and its work.
// Domains export the work; lib/job-kinds wires the kinds a deployment runs; lib/jobs runs them (docs/decisions/012).

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** The JSON payload the job was enqueued with. */
  payload: Record<string, unknown>;
  /** The clock reading when the job was claimed (lib/core/clock). */
  now: Date;
}

export interface JobKind {
  /** `namespace.action`, e.g. `scopes.expire_grants`. */
  kind: string;
  /** Shown on the Jobs panel. */
  title: string;
  /**
   * Recurring kinds run every this many milliseconds; one-off kinds leave it out and are enqueued. The runner keeps
   * exactly one queued next run per recurring kind; after downtime it runs once to catch up, not once per missed slot.
   * A failed run is not retried: the next run comes at the next slot.
   */
  everyMs?: number;
  /**
   * Tries before a one-off job is marked failed (retried with exponential backoff). Default 1. A job enqueued with a
   * higher `maxAttempts` keeps its own. A try whose runner died (its lease ran out) counts as a try.
   */
  maxAttempts?: number;
  /** The wait before the second try of a one-off job; it doubles for each further try, up to an hour. Default 30 s. */
  backoffMs?: number;
  /**
   * The work. MUST be idempotent: at-least-once, not exactly-once, is what a crash allows. A job is claimed by one
   * runner at a time, but if that runner dies mid-run (its lease runs out) another runs the job again, from the top.
   * So check state before changing it (expire only grants still active, send a notification with a dedupe key) and
   * do each change in one unit of work. Returns a small JSON summary (counts, ids), shown on the Jobs panel; never
   * personal data. Throwing fails the try; the message is kept as the job's last error.
   */
  run(ctx: JobContext): Promise<Record<string, unknown> | void>;
}
