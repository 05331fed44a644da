// What scripts/server.ts adds to every request for a page or route, after prepareRequest (edge.ts) and before
// Next.js sees it: the security headers with a per-response script nonce (Next.js reads the nonce from the request's
// CSP header and puts it on its own inline scripts), the path being rendered (for the sign-in redirect's
// callbackUrl), and the removal of callback values next-auth cannot parse. This was a Next.js proxy (proxy.ts) until
// decision 045: Next's proxy adapter cost ~2.4 ms of CPU per request, a sixth of a ledger page, for work that needs
// nothing from Next. Next's static files (/_next/static) are left alone here; next.config.ts gives them the static
// headers.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { isUsableCallbackValue } from "@/lib/auth/callback-path";
import { NONCE_HEADER, PATHNAME_HEADER } from "./headers";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

export interface PageSecurity {
  /** Headers for the response: the CSP with this request's nonce and the other security headers. */
  headers: Array<[string, string]>;
  /** Set-Cookie values that tell the browser to forget a callback cookie that was dropped from the request. */
  clearCookies: string[];
}

/** The files Next.js serves itself, which never render a page (what the proxy's matcher left out). */
export function isStaticFile(path: string): boolean {
  return path.startsWith("/_next/static/") || path.startsWith("/_next/image") || path === "/favicon.ico" || path === "/favicon.svg";
}

/**
 * Rewrites the request in place (headers; the URL when a callbackUrl is dropped) and returns what the response
 * must carry; null for Next's static files. Whatever the client sent under the same names is overwritten.
 */
export function securePageRequest(req: IncomingMessage, opts: { dev: boolean; https: boolean }): PageSecurity | null {
  const url = requestUrl(req);
  if (url && isStaticFile(url.pathname)) return null;
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy({ nonce, dev: opts.dev, https: opts.https });
  req.headers[NONCE_HEADER] = nonce;
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"];
  const headers: Array<[string, string]> = [["Content-Security-Policy", csp], ...securityHeaders({ https: opts.https })];
  if (!url) {
    // Not a URL even against our origin (Next.js will answer it 400): headers only, nothing to redirect back to.
    delete req.headers[PATHNAME_HEADER];
    return { headers, clearCookies: [] };
  }

  // A callback URL next-auth cannot parse (planted cookie, crafted link) would make it answer 500 on every page and
  // auth endpoint for this browser: drop it here, and tell the browser to forget the cookie.
  const clearCookies: string[] = [];
  const cookie = req.headers.cookie;
  if (cookie && cookie.includes("callback-url")) {
    const pairs = cookie.split(/;\s*/);
    const unusable = new Set(
      pairs
        .map((pair) => splitPair(pair))
        .filter(([name, value]) => CALLBACK_COOKIES.includes(name) && !isUsableCallbackValue(decodeOrEmpty(value), url.origin))
        .map(([name]) => name),
    );
    if (unusable.size > 0) {
      req.headers.cookie = pairs.filter((pair) => !unusable.has(splitPair(pair)[0])).join("; ");
      for (const name of unusable) {
        clearCookies.push(`${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT${name.startsWith("__Secure-") ? "; Secure" : ""}`);
      }
    }
  }
  const callbackParam = url.searchParams.get("callbackUrl");
  if (url.pathname.startsWith("/api/auth/") && callbackParam !== null && !isUsableCallbackValue(callbackParam, url.origin)) {
    url.searchParams.delete("callbackUrl");
    req.url = url.pathname + url.search;
  }

  req.headers[PATHNAME_HEADER] = url.pathname + url.search;
  return { headers, clearCookies };
}

/** The request's URL on the origin the browser used; a path is taken as a path ("//x" is not another host). */
function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? "/";
  try {
    return target.startsWith("/") ? new URL(requestOrigin(req) + target) : new URL(target);
  } catch {
    return null;
  }
}

/** The origin the browser used, as Next.js works it out: a trusted proxy's forwarded host and scheme, else our own. */
function requestOrigin(req: IncomingMessage): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(",")[0].trim() || undefined;
  // prepareRequest has already dropped x-forwarded-* unless a trusted proxy sent them.
  const proto = first(req.headers["x-forwarded-proto"]) ?? ((req.socket as TLSSocket | undefined)?.encrypted ? "https" : "http");
  const host = first(req.headers["x-forwarded-host"]) ?? req.headers.host ?? "localhost";
  try {
    return new URL(`${proto === "https" ? "https" : "http"}://${host}`).origin;
  } catch {
    return "http://localhost"; // a Host header that is no host: nothing absolute is same-origin with it
  }
}

function splitPair(pair: string): [string, string] {
  const eq = pair.indexOf("=");
  return eq < 0 ? [pair.trim(), ""] : [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
}

function decodeOrEmpty(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return "";
  }
}
