// next-auth's endpoints (sign-in, callback, session, CSRF, sign-out) under /api/auth/*, behind a guard that
// answers what next-auth would turn into a 500: unknown endpoints (404), methods they do not take (405), bodies it
// cannot parse (400). Sign-in results that next-auth reports as 200 + ?error= get honest statuses for the JSON
// client (401 wrong credentials, 429 throttled, 503 unavailable).
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/core/errors";
import { CREDENTIALS_PROVIDER_ID, getAuthOptions, SIGN_IN_RATE_LIMITED, SIGN_IN_UNAVAILABLE } from "@/lib/auth/options";
import { jsonError, methodNotAllowed } from "@/lib/http/json-error";

interface NextAuthContext {
  params: Promise<{ nextauth: string[] }>;
}

// next-auth 4's actions and the methods each one answers (its client-log endpoint `_log` is not offered).
const ACTIONS: Record<string, readonly string[]> = {
  providers: ["GET"],
  session: ["GET", "POST"],
  csrf: ["GET"],
  signin: ["GET", "POST"],
  callback: ["GET", "POST"],
  signout: ["GET", "POST"],
  error: ["GET"],
};

const ERROR_STATUS: Record<string, number> = { CredentialsSignin: 401, [SIGN_IN_RATE_LIMITED]: 429, [SIGN_IN_UNAVAILABLE]: 503 };

async function handler(req: NextRequest, context: NextAuthContext): Promise<Response> {
  const [action, providerId, ...rest] = (await context.params).nextauth ?? [];
  // Own keys only: /api/auth/__proto__ must not find Object.prototype.
  const allowed = action && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!allowed || rest.length > 0) return jsonError(new AppError("not_found", "No such sign-in endpoint"));
  if (!allowed.includes(req.method)) return methodNotAllowed(allowed);
  // The credentials callback takes the form's POST only; GET has nothing to check.
  if (action === "callback" && providerId === CREDENTIALS_PROVIDER_ID && req.method !== "POST") return methodNotAllowed(["POST"]);
  let response: Response;
  try {
    response = await NextAuth(req, context, getAuthOptions());
  } catch (err) {
    // Thrown before next-auth could answer: an unparsable body, or a database that cannot be reached.
    return jsonError(
      err instanceof SyntaxError || err instanceof TypeError ? new AppError("bad_request", "The request body could not be read") : err,
    );
  }
  if (response.status >= 500) {
    console.error(`[warden] next-auth answered ${response.status} for ${req.method} /api/auth/${action}`);
    return jsonError(new AppError("bad_request", "This sign-in request could not be handled"));
  }
  return honestStatus(response);
}

/** `{ url: ".../sign-in?error=Code" }` (next-auth says 200 or 401 whatever the cause) → the status that code means,
 * same body (next-auth's client reads it). */
async function honestStatus(response: Response): Promise<Response> {
  if ((response.status !== 200 && response.status !== 401) || !response.headers.get("content-type")?.includes("application/json")) return response;
  const text = await response.text();
  let status = response.status;
  try {
    const url = (JSON.parse(text) as { url?: unknown }).url;
    const code = typeof url === "string" ? new URL(url, "http://x").searchParams.get("error") : null;
    if (code) status = ERROR_STATUS[code] ?? status;
  } catch {
    // not the shape we map; pass through
  }
  const headers = new Headers(response.headers);
  if (status === 429) headers.set("retry-after", "60");
  return new Response(text, { status, headers });
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
