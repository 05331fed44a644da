// Runs before every page and route: gives each request an id (carried into ledger entries) and tells
// server components the path being rendered (for the sign-in redirect's callbackUrl).
import { NextResponse, type NextRequest } from "next/server";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  const incoming = headers.get("x-request-id");
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
  headers.set("x-request-id", requestId);
  headers.set("x-warden-pathname", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
