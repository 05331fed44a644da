// next-auth's session cookie codec with the encryption key derived once per secret. next-auth's own encode/decode
// run HKDF over the secret on every call, and every console request decodes the cookie and encodes its renewal: about
// 5 % of a page's CPU (docs/decisions/033, 040). The token format is next-auth's exactly (JWE, "dir" + A256GCM, the
// key HKDF-SHA256(secret, salt, "NextAuth.js Generated Encryption Key[ (salt)]"), iat/exp/jti, 15 s clock
// tolerance), so cookies issued before and after this change read the same, in both directions.
import { hkdfSync, randomUUID } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

// A deployment has one secret (two while rotating); the bound only keeps a misuse from growing the map.
const keys = new Map<string, Uint8Array>();

/** The derived key for (secret, salt), computed once. */
export function derivedEncryptionKey(secret: string | Buffer, salt = ""): Uint8Array {
  const id = `${salt}\u0000${typeof secret === "string" ? secret : secret.toString("base64")}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Uint8Array(hkdfSync("sha256", secret, salt, info, 32));
    if (keys.size >= 8) keys.clear();
    keys.set(id, key);
  }
  return key;
}

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt = "" }: JWTEncodeParams): Promise<string> {
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + maxAge)
    .setJti(randomUUID())
    .encrypt(derivedEncryptionKey(secret, salt));
}

export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, derivedEncryptionKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}
