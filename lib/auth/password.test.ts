import { describe, expect, it } from "vitest";
import { burnPasswordCheck, DUMMY_PASSWORD_HASH, hashPassword, passwordNeedsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("round-trips with argon2id at the OWASP parameters", async () => {
    const hash = await hashPassword("s3cret passphrase");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(hash).not.toContain("s3cret");
    expect(await verifyPassword(hash, "s3cret passphrase")).toBe(true);
  });

  it("refuses a wrong password", async () => {
    const hash = await hashPassword("s3cret passphrase");
    expect(await verifyPassword(hash, "s3cret passphrasE")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("refuses (does not throw) on a malformed stored hash", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("the dummy hash uses the live parameters, so refusals cost as much as real checks", async () => {
    expect(passwordNeedsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await burnPasswordCheck("anything")).toBe(false);
  });

  it("flags hashes made with weaker parameters for rehashing", () => {
    expect(passwordNeedsRehash("$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")).toBe(true);
  });
});
