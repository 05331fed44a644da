// Token secrets: 256 random bits behind a recognisable prefix. Only their SHA-256 is stored: with that much entropy a
// plain hash cannot be reversed, and looking the hash up by index keeps the comparison independent of the secret
// (no byte-by-byte compare of secrets, so no timing signal).
import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/core/hash";
import { TOKEN_SECRET_PREFIX } from "./token-uses";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case
/** 52 base32 characters = 260 bits (5 bits each) drawn from 32 random bytes plus a few more. */
const SECRET_CHARS = 52;
export const TOKEN_SECRET_PATTERN = new RegExp(`^${TOKEN_SECRET_PREFIX}[${ALPHABET}]{${SECRET_CHARS}}$`);

export function newTokenSecret(): string {
  const bytes = randomBytes(SECRET_CHARS);
  let out = TOKEN_SECRET_PREFIX;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export function hashTokenSecret(secret: string): string {
  return sha256Hex(secret);
}

/** What the console shows to recognise a token: the prefix and four characters, never enough to use it. */
export function tokenPrefixOf(secret: string): string {
  return secret.slice(0, TOKEN_SECRET_PREFIX.length + 4);
}
