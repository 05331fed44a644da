import { describe, expect, it } from "vitest";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";
import { headersFromRecord, requestMetaFromHeaders } from "./request-meta";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("requestMetaFromHeaders", () => {
  it("hashes the address the server resolved and the user agent with the keyed hash, never storing them raw", () => {
    const meta = requestMetaFromHeaders(new Headers({ "x-warden-client-ip": "203.0.113.7", "user-agent": "Mozilla/5.0 Test" }));
    expect(meta.ipHash).toBe(keyedHash(env().hashKey, "203.0.113.7"));
    expect(meta.uaHash).toBe(keyedHash(env().hashKey, "Mozilla/5.0 Test"));
    expect(meta.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(meta)).not.toContain("203.0.113.7");
  });

  it("never believes a client's own X-Forwarded-For or X-Real-IP (scripts/server.ts decides who may forward)", () => {
    const spoofed = requestMetaFromHeaders(new Headers({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6" }));
    expect(spoofed.ipHash).toBeNull();
    const bare = requestMetaFromHeaders(new Headers());
    expect(bare.ipHash).toBeNull();
    expect(bare.uaHash).toBeNull();
    expect(bare.requestId).toMatch(UUID);
  });

  it.each([
    ["abc-123", true],
    ["req_01HV.5:x", true],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    ["has space", false],
    ["<script>alert(1)</script>", false],
    ["line\\nbreak", false],
    ["", false],
  ])("keeps a safe incoming x-request-id (%s → kept: %s) and replaces anything else", (incoming, kept) => {
    const h = new Headers();
    if (incoming) h.set("x-request-id", incoming);
    const { requestId } = requestMetaFromHeaders(h);
    if (kept) expect(requestId).toBe(incoming);
    else expect(requestId).toMatch(UUID);
  });

  it("reads next-auth's plain header records", () => {
    const h = headersFromRecord({
      "user-agent": "UA",
      "x-warden-client-ip": "192.0.2.1",
      "x-forwarded-for": ["192.0.2.9", "10.0.0.1"],
      cookie: undefined,
    });
    expect(h.get("user-agent")).toBe("UA");
    expect(requestMetaFromHeaders(h).ipHash).toBe(keyedHash(env().hashKey, "192.0.2.1"));
  });
});
