// The one way a route handler answers an error: `{ error: { code, message, field? } }` with the mapped status, a
// Retry-After for 429/503, and never a stack.
import { AppError, toErrorResponse } from "@/lib/core/errors";

export function jsonError(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  const { status, body } = toErrorResponse(err);
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store", ...extraHeaders };
  const retry = err instanceof AppError ? err.retryAfterSeconds : undefined;
  if (retry !== undefined) headers["retry-after"] = String(retry);
  else if (status === 503) headers["retry-after"] = "5";
  return new Response(JSON.stringify(body), { status, headers });
}

export function methodNotAllowed(allowed: readonly string[]): Response {
  return jsonError(new AppError("method_not_allowed", `Use ${allowed.join(" or ")} here.`), { allow: allowed.join(", ") });
}
