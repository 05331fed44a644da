import { decode as nextAuthDecode, encode as nextAuthEncode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, derivedEncryptionKey, encodeSessionToken } from "./jwt-codec";

const secret = "a-test-secret-of-enough-length-for-hkdf-0123456789";
const token = { sub: "usr_abc", id: "usr_abc", sid: "ses_xyz", role: "auditor" as const };

describe("session cookie codec", () => {
  it("reads cookies next-auth wrote and writes cookies next-auth reads (same key, same format)", async () => {
    const theirs = await nextAuthEncode({ token, secret, maxAge: 600 });
    expect(await decodeSessionToken({ token: theirs, secret })).toMatchObject(token);
    const ours = await encodeSessionToken({ token, secret, maxAge: 600 });
    const read = await nextAuthDecode({ token: ours, secret });
    expect(read).toMatchObject(token);
    expect(Number(read!.exp) - Number(read!.iat)).toBe(600);
    expect(typeof read!.jti).toBe("string");
    // With a salt (next-auth's other cookies) too.
    const salted = await nextAuthEncode({ token, secret, salt: "next-auth.state", maxAge: 60 });
    expect(await decodeSessionToken({ token: salted, secret, salt: "next-auth.state" })).toMatchObject(token);
    await expect(decodeSessionToken({ token: salted, secret })).rejects.toThrow();
  });

  it("derives the key once per secret and salt, and a different secret, a tampered or an expired token is refused", async () => {
    expect(derivedEncryptionKey(secret)).toBe(derivedEncryptionKey(secret));
    expect(derivedEncryptionKey(secret, "x")).not.toEqual(derivedEncryptionKey(secret));
    const ours = await encodeSessionToken({ token, secret, maxAge: 600 });
    await expect(decodeSessionToken({ token: ours, secret: `${secret}-other` })).rejects.toThrow();
    const parts = ours.split(".");
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith("AA") ? "BB" : "AA");
    await expect(decodeSessionToken({ token: parts.join("."), secret })).rejects.toThrow();
    const expired = await encodeSessionToken({ token, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow(/exp/);
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});
