// Who is at the other end of a request. Only a proxy listed in TRUSTED_PROXIES may tell us (X-Forwarded-For,
// x-request-id); anyone else's headers are ignored, so a client cannot choose the ip_hash or request_id that the
// ledger records for it. Pure; scripts/server.ts applies it to every request.
import { randomUUID } from "node:crypto";
import { canonicalIp, ipInCidrs, type Cidr } from "@/lib/core/cidr";

/** An incoming id ends up in the ledger and in logs, so only short, inert tokens are kept. */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface ClientAddress {
  /** The client's address (canonical text), or null when it cannot be known. */
  ip: string | null;
  /** The id the ledger records: the trusted proxy's, or our own. */
  requestId: string;
  /** The socket peer is a trusted proxy, so its forwarding headers may be passed on. */
  viaTrustedProxy: boolean;
}

export function resolveClientAddress(input: {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
  requestId: string | string[] | undefined;
  trusted: readonly Cidr[];
}): ClientAddress {
  const peer = input.peer ? canonicalIp(input.peer) : null;
  const peerTrusted = peer !== null && ipInCidrs(peer, input.trusted);
  const incomingId = Array.isArray(input.requestId) ? input.requestId[0] : input.requestId;
  const requestId = peerTrusted && incomingId && SAFE_REQUEST_ID.test(incomingId.trim()) ? incomingId.trim() : randomUUID();
  if (!peerTrusted) return { ip: peer, requestId, viaTrustedProxy: false };

  // Right to left: each trusted proxy appended the address it saw; the first hop we do not trust is the client.
  const hops = (Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let client: string | null = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalIp(hops[i]);
    if (hop === null) return { ip: null, requestId, viaTrustedProxy: true }; // a trusted proxy passed on garbage
    client = hop;
    if (!ipInCidrs(hop, input.trusted)) break;
  }
  return { ip: client, requestId, viaTrustedProxy: true };
}
