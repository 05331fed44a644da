// Runs before every page and route: the request id (scripts/server.ts resolves it; without that server a fresh
// one), the path being rendered (for the sign-in redirect's callbackUrl), and the security headers, including a
// per-request nonce-based script CSP (Next.js reads the nonce from the request's CSP header and puts it on its
// own scripts), so no inline script runs unless this response vouched for it.
import { NextResponse, type NextRequest } from "next/server";
import { isUsableCallbackValue } from "@/lib/auth/callback-path";
import { env } from "@/lib/core/env";
import { EDGE_HEADER, NONCE_HEADER, PATHNAME_HEADER, REQUEST_ID_HEADER } from "@/lib/http/headers";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

export function proxy(request: NextRequest) {
  // A callback URL next-auth cannot parse (planted cookie, crafted link) would make it answer 500 on every page
  // and auth endpoint for this browser: drop it here, and tell the browser to forget the cookie.
  const origin = request.nextUrl.origin;
  const dropped = CALLBACK_COOKIES.filter((name) => {
    const value = request.cookies.get(name)?.value;
    return value !== undefined && !isUsableCallbackValue(value, origin);
  });
  for (const name of dropped) request.cookies.delete(name);
  const url = request.nextUrl.clone();
  const callbackParam = url.searchParams.get("callbackUrl");
  const dropParam = url.pathname.startsWith("/api/auth/") && callbackParam !== null && !isUsableCallbackValue(callbackParam, origin);
  if (dropParam) url.searchParams.delete("callbackUrl");

  const headers = new Headers(request.headers);
  if (dropped.length > 0) headers.set("cookie", request.cookies.toString());
  // Without scripts/server.ts in front (next dev) nothing vouches for an incoming id: make our own.
  const requestId = (headers.get(EDGE_HEADER) && headers.get(REQUEST_ID_HEADER)) || crypto.randomUUID();
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(PATHNAME_HEADER, request.nextUrl.pathname + request.nextUrl.search);

  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = contentSecurityPolicy({ nonce, dev: env().nodeEnv === "development", https: env().https });
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", csp);

  const response = dropParam ? NextResponse.rewrite(url, { request: { headers } }) : NextResponse.next({ request: { headers } });
  for (const name of dropped) response.cookies.delete(name);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of securityHeaders({ https: env().https })) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)"],
};
