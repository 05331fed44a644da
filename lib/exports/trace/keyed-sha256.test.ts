// The JavaScript HMAC-SHA256 against node:crypto's, on every length that crosses a block boundary and on non-ASCII text.
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyedSha256 } from "./keyed-sha256";

const hmac = (key: Uint8Array, message: string) => createHmac("sha256", key).update(message, "utf8").digest();

describe("keyedSha256", () => {
  it("gives createHmac's digest for keys of 0 to 130 bytes and ASCII messages of 0 to 200 bytes", () => {
    for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 130]) {
      const key = randomBytes(keyLength);
      const mac = keyedSha256(key);
      for (let n = 0; n <= 200; n++) {
        const message = randomBytes(n).toString("base64").slice(0, n);
        expect(Buffer.from(mac(message)).toString("hex"), `key ${keyLength} B, message ${n} B`).toBe(hmac(key, message).toString("hex"));
      }
    }
  });

  it("encodes non-ASCII text as UTF-8, as createHmac does, and is reusable after a long message", () => {
    const key = randomBytes(32);
    const mac = keyedSha256(key);
    for (const message of ["José Álvarez", "東京都 港区", "emoji 🙂 here", "x".repeat(5000), "é".repeat(700), "912-34-5678", ""]) {
      expect(Buffer.from(mac(message)).toString("hex"), message.slice(0, 20)).toBe(hmac(key, message).toString("hex"));
    }
    // A lone surrogate becomes U+FFFD in both.
    expect(Buffer.from(mac("a\ud800b")).toString("hex")).toBe(hmac(key, "a\ud800b").toString("hex"));
  });
});
