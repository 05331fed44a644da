import { describe, expect, it } from "vitest";
import { parseCidrList } from "@/lib/core/cidr";
import { resolveClientAddress } from "./client-address";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const trust = (text: string) => {
  const r = parseCidrList(text);
  if (!r.ok) throw new Error(r.error);
  return r.cidrs;
};

describe("resolveClientAddress", () => {
  it("by default trusts nothing: the socket peer is the client and a sent request id is replaced", () => {
    const r = resolveClientAddress({ peer: "::ffff:203.0.113.9", forwardedFor: "6.6.6.6", requestId: "reused-id-1", trusted: [] });
    expect(r).toMatchObject({ ip: "203.0.113.9", viaTrustedProxy: false });
    expect(r.requestId).toMatch(UUID);
  });

  it("behind a trusted proxy, takes the first untrusted hop from the right and keeps the proxy's request id", () => {
    const r = resolveClientAddress({
      peer: "10.0.0.5",
      forwardedFor: "6.6.6.6, 198.51.100.20, 10.0.0.4",
      requestId: "lb-req-42",
      trusted: trust("10.0.0.0/8"),
    });
    // 6.6.6.6 was written by the client itself; 198.51.100.20 is what the first trusted proxy saw.
    expect(r).toEqual({ ip: "198.51.100.20", requestId: "lb-req-42", viaTrustedProxy: true });
  });

  it("a client that is not a trusted proxy cannot choose its address by sending X-Forwarded-For", () => {
    const r = resolveClientAddress({ peer: "198.51.100.20", forwardedFor: "10.0.0.1", requestId: undefined, trusted: trust("10.0.0.0/8") });
    expect(r.ip).toBe("198.51.100.20");
  });

  it("drops an unsafe request id even from a trusted proxy, and handles junk and repeated headers", () => {
    expect(
      resolveClientAddress({ peer: "10.0.0.5", forwardedFor: undefined, requestId: "<script>", trusted: trust("10.0.0.0/8") }).requestId,
    ).toMatch(UUID);
    expect(resolveClientAddress({ peer: "10.0.0.5", forwardedFor: "garbage", requestId: undefined, trusted: trust("10.0.0.0/8") }).ip).toBeNull();
    expect(
      resolveClientAddress({ peer: "10.0.0.5", forwardedFor: ["192.0.2.1", "10.0.0.9"], requestId: ["a1", "b2"], trusted: trust("10.0.0.0/8") }),
    ).toMatchObject({
      ip: "192.0.2.1",
      requestId: "a1",
    });
    // Every hop trusted: the leftmost one is the best we know.
    expect(resolveClientAddress({ peer: "10.0.0.5", forwardedFor: "10.0.0.7", requestId: undefined, trusted: trust("10.0.0.0/8") }).ip).toBe(
      "10.0.0.7",
    );
  });
});
