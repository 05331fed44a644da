// Where a request came from, as the ledger stores it: keyed hashes of the client IP and user agent (never the
// raw values) and a request id that correlates the ledger with logs. Pure; currentRequestMeta() reads Next's headers.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/access/types";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";

// An incoming id ends up in the ledger and in logs, so only short, inert tokens are trusted.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The client address: first hop of X-Forwarded-For, else X-Real-IP. Spoofable without a proxy in front, which
 * is acceptable because it is only recorded for forensics, never used to grant anything. */
export function clientIp(h: Headers): string | null {
  const first = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (first) return first;
  return h.get("x-real-ip")?.trim() || null;
}

export function requestIdFrom(h: Headers): string {
  const incoming = h.get("x-request-id")?.trim();
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
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
