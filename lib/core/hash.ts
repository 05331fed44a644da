// Hashing helpers: SHA-256 for content, keyed HMAC for low-entropy identifiers (IP addresses, user agents).
import { createHash, createHmac } from "node:crypto";

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A keyed hash: an IPv4 address has only 2^32 values, so a plain hash would be reversible by brute force. */
export function keyedHash(key: string, value: string): string {
  return createHmac("sha256", key).update(value).digest("hex");
}
