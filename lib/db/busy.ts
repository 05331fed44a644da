// Waiting for the console database without blocking the event loop. better-sqlite3 is synchronous and its busy
// timeout is a sleep on the event loop: one process holding the SQLite write lock (a CLI command, a backup) would
// freeze every request. Server connections therefore use a zero busy timeout, and callers retry here, asynchronously,
// with backoff, until a deadline; then they fail closed with 503 (AppError "unavailable").
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";

const BUSY_CODES = /^(SQLITE_BUSY|SQLITE_LOCKED)/;

/** True for "another connection holds the lock" from better-sqlite3, Prisma's SQLite adapter or PostgreSQL. */
export function isBusyError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; cause?: { originalCode?: unknown; kind?: unknown } };
  if (typeof e.code === "string" && (BUSY_CODES.test(e.code) || e.code === "55P03")) return true;
  const original = e.cause?.originalCode;
  return typeof original === "string" && BUSY_CODES.test(original);
}

export interface WaitOptions {
  /** What is waiting, for the error message ("the access ledger", "the console database"). */
  what?: string;
  /** Overrides WARDEN_DB_LOCK_WAIT_MS (tests). */
  deadlineMs?: number;
  /** Retries only while this returns true for the error; default isBusyError. */
  retryIf?: (err: unknown) => boolean;
}

/**
 * Runs `attempt` until it does not fail with a busy error, sleeping 2 ms → 100 ms (with jitter) between tries on
 * timers, so other requests keep being served meanwhile. After the deadline: AppError("unavailable") → 503.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, opts: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.deadlineMs ?? env().dbLockWaitMs);
  const retryIf = opts.retryIf ?? isBusyError;
  let delay = 2;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!retryIf(err)) throw err;
      const left = deadline - Date.now();
      if (left <= 0) throw busyTimeout(opts.what, err);
      await sleep(Math.min(left, delay * (0.5 + Math.random())));
      delay = Math.min(delay * 2, 100);
    }
  }
}

export function busyTimeout(what = "the console database", cause?: unknown): AppError {
  return new AppError(
    "unavailable",
    `${capitalise(what)} is busy: another process is holding its write lock. Nothing was changed; try again in a moment.`,
    { cause },
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
