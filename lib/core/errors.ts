// One error type for the whole app and one mapper from any thrown value to an HTTP-shaped error.
import { ZodError } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "locked"
  | "too_large"
  | "rate_limited"
  | "method_not_allowed"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  rate_limited: 429,
  method_not_allowed: 405,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  /** For 429 and 503: when to try again (Retry-After). */
  readonly retryAfterSeconds?: number;
  constructor(code: ErrorCode, message: string, opts: { field?: string; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.field = opts.field;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

/** Turns any thrown value into a status and a body safe to show: never a stack, never internals. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, field: err.field } } };
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.join(".") || undefined;
    const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input";
    return { status: 422, body: { error: { code: "validation_failed", message, field } } };
  }
  if (isUnavailableError(err)) {
    console.error("[warden] database unavailable", err);
    return {
      status: 503,
      body: { error: { code: "unavailable", message: "The console database is unavailable right now; nothing was changed. Try again in a moment." } },
    };
  }
  console.error("[warden] unexpected error", err);
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side; it has been logged." } } };
}

// Driver and Prisma failures that mean "the database cannot serve this now" (locked past the deadline, unreachable,
// read-only, full), recognised by their codes so this module needs neither driver. They answer 503, not 500.
const UNAVAILABLE_CODES =
  /^(SQLITE_(BUSY|LOCKED|CANTOPEN|READONLY|IOERR|FULL|PROTOCOL)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|57P0[123]|53300|55P03|08\w{3}|P1001|P1002|P1008|P1017|P2024|P2028|unavailable$)/;

export function isUnavailableError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const x = e as { code?: unknown; errorCode?: unknown; name?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof x.code === "string" && UNAVAILABLE_CODES.test(x.code)) return true;
    if (typeof x.errorCode === "string" && UNAVAILABLE_CODES.test(x.errorCode)) return true;
    if (x.name === "PrismaClientInitializationError") return true;
    const original = (x.cause as { originalCode?: unknown } | undefined)?.originalCode;
    if (typeof original === "string" && UNAVAILABLE_CODES.test(original)) return true;
    e = x.meta?.driverAdapterError ?? x.cause;
  }
  return false;
}
