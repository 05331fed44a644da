// What scripts/server.ts does to every request before Next.js sees it, as a function over Node's request object
// (so it can be tested without a server): decide the client address and request id (TRUSTED_PROXIES), drop what
// only a trusted proxy may say, and refuse framing Next.js would throw on.
import type { IncomingMessage } from "node:http";
import type { Cidr } from "@/lib/core/cidr";
import { resolveClientAddress } from "./client-address";
import { CLIENT_IP_HEADER, EDGE_HEADER, REQUEST_ID_HEADER, WARDEN_HEADER_PREFIX } from "./headers";

// Headers only a trusted proxy may set; from anyone else they are dropped, not believed.
const PROXY_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

export interface Refusal {
  status: 204 | 400 | 405;
  message: string;
  allow?: string;
}

/** Pages take GET and HEAD, and POST for their server actions; route handlers (app/api) say for themselves. */
const PAGE_METHODS = ["GET", "HEAD", "POST"];

/** Rewrites the request's headers in place; returns the request id, and an answer for a request to refuse. */
export function prepareRequest(req: IncomingMessage, trusted: readonly Cidr[]): { requestId: string; refuse: Refusal | null } {
  const client = resolveClientAddress({
    peer: req.socket?.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    requestId: req.headers[REQUEST_ID_HEADER],
    trusted,
  });
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith(WARDEN_HEADER_PREFIX) || (!client.viaTrustedProxy && PROXY_HEADERS.includes(name))) delete req.headers[name];
  }
  req.headers[EDGE_HEADER] = "1";
  if (client.ip) req.headers[CLIENT_IP_HEADER] = client.ip;
  req.headers[REQUEST_ID_HEADER] = client.requestId;
  return { requestId: client.requestId, refuse: refusal(req) };
}

function refusal(req: IncomingMessage): Refusal | null {
  if (!req.url || !isDecodable(req.url)) return { status: 400, message: "the address is not valid (malformed percent-encoding)" };
  const path = req.url.split("?")[0];
  const method = req.method ?? "GET";
  if (!path.startsWith("/api/") && !path.startsWith("/_next/") && !PAGE_METHODS.includes(method)) {
    const allow = PAGE_METHODS.join(", ");
    return method === "OPTIONS" ? { status: 204, message: "", allow } : { status: 405, message: `a page takes ${allow}, not ${method}`, allow };
  }
  const type = req.headers["content-type"] ?? "";
  if (method === "POST" && /^multipart\/form-data/i.test(type) && !/;\s*boundary=[^;]+/i.test(type)) {
    return { status: 400, message: "multipart form data without a boundary" };
  }
  const tree = req.headers["next-router-state-tree"];
  if (typeof tree === "string") {
    try {
      JSON.parse(decodeURIComponent(tree));
    } catch {
      return { status: 400, message: "the router state header is not valid" };
    }
  }
  return null;
}

function isDecodable(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]);
    return true;
  } catch {
    return false;
  }
}
