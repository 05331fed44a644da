// Where a request came from, as the ledger stores it: keyed hashes of the client IP and user agent (never the
// raw values) and a request id that correlates the ledger with logs. Pure; currentRequestMeta() reads Next's headers.
// The address and id are the ones scripts/server.ts resolved (TRUSTED_PROXIES decides whose forwarding headers
// count); a client's own X-Forwarded-For or x-request-id never reaches this point unless a trusted proxy sent it.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/core/actor";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";
import { SAFE_REQUEST_ID } from "@/lib/http/client-address";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/headers";

/** The client address the server resolved, or null (no server in front, e.g. tests and scripts). */
export function clientIp(h: Headers): string | null {
  return h.get(CLIENT_IP_HEADER)?.trim() || null;
}

/** The request id scripts/server.ts assigned (it overwrites whatever the client sent); else a fresh one. */
export function requestIdFrom(h: Headers): string {
  const id = h.get(REQUEST_ID_HEADER)?.trim();
  return id && SAFE_REQUEST_ID.test(id) ? id : randomUUID();
}

export function requestMetaFromHeaders(h: Headers): RequestMeta {
  const key = env().hashKey;
  const ip = clientIp(h);
  const ua = h.get("user-agent")?.trim() || null;
  return {
    requestId: requestIdFrom(h),
    ipHash: ip ? keyedHash(key, ip) : null,
    uaHash: ua ? keyedHash(key, ua) : null,
  };
}

/** Node-style header records (next-auth hands these to `authorize`) as a Headers object. */
export function headersFromRecord(record: Record<string, unknown> | undefined): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(record ?? {})) {
    const text = typeof value === "string" ? value : Array.isArray(value) ? value.filter((v) => typeof v === "string").join(", ") : null;
    if (text === null) continue;
    try {
      h.set(name, text);
    } catch {
      // A malformed header is dropped, not fatal: the meta is forensic, and sign-in must still answer.
    }
  }
  return h;
}

/** For work with no HTTP request behind it (CLI, jobs): a fresh id, no client. */
export function systemRequestMeta(): RequestMeta {
  return { requestId: randomUUID(), ipHash: null, uaHash: null };
}
