// A browser that has signed in to an account before carries a signed device token (OWASP "device cookies"):
// failed guesses from unknown browsers can lock an account for unknown browsers only, so an attacker cannot lock
// its owner out of the browser they always use. Pure apart from the key; the token names no person.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const DEVICE_TOKEN_DAYS = 180;

export interface DeviceToken {
  userId: string;
  deviceId: string;
  issuedAt: number; // seconds since epoch
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url").toString("utf8");

function mac(key: string, body: string): string {
  return createHmac("sha256", key).update(`warden-device|${body}`).digest("base64url");
}

export function issueDeviceToken(key: string, userId: string, nowMs: number, deviceId = randomBytes(16).toString("base64url")): string {
  const body = `d1.${b64(userId)}.${deviceId}.${Math.floor(nowMs / 1000)}`;
  return `${body}.${mac(key, body)}`;
}

/** The token's content when it is ours, unexpired and unaltered; null for anything else. */
export function readDeviceToken(key: string, token: string | null | undefined, nowMs: number): DeviceToken | null {
  if (!token || token.length > 300) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== "d1") return null;
  const body = parts.slice(0, 4).join(".");
  const want = Buffer.from(mac(key, body));
  const got = Buffer.from(parts[4]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  const issuedAt = Number(parts[3]);
  if (!Number.isInteger(issuedAt) || nowMs / 1000 - issuedAt > DEVICE_TOKEN_DAYS * 86_400 || issuedAt > nowMs / 1000 + 300) return null;
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(parts[2])) return null;
  return { userId: unb64(parts[1]), deviceId: parts[2], issuedAt };
}
