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
  /** Recurring kinds run every this many milliseconds; one-off kinds leave it out and are enqueued. */
  everyMs?: number;
  /** Tries before a one-off job is marked failed (retried with exponential backoff). Default 1. */
  maxAttempts?: number;
  /** The work. Must be idempotent: after a crash, a job whose lease ran out is run again. Returns a small summary. */
  run(ctx: JobContext): Promise<Record<string, unknown> | void>;
}
