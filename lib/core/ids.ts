// Opaque prefixed identifiers (`usr_…`, `grt_…`, `req_…`), random and URL-safe.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

export type IdPrefix =
  | "usr"
  | "grt"
  | "req"
  | "apr"
  | "pol"
  | "rvc"
  | "rvi"
  | "ntf"
  | "job"
  | "dst"
  | "col"
  | "exp"
  | "ses"
  | "viw"
  | "tok"
  | "lvr"
  | "mat"
  | "hold"
  | "hlt"
  | "ret"
  | "prg"
  | "pgb"
  | "sla"
  | "sal";

export function newId(prefix: IdPrefix, bytes = 12): string {
  const buf = randomBytes(bytes);
  let out = "";
  for (const b of buf) out += ALPHABET[b & 31];
  return `${prefix}_${out}`;
}
