import { describe, expect, it } from "vitest";
import { canonicalIp, ipInCidrs, parseCidr, parseCidrList, parseIp } from "./cidr";

describe("IP addresses", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["::FFFF:192.168.1.9", "192.168.1.9"],
    ["::1", "0:0:0:0:0:0:0:1"],
    ["2001:db8::1", "2001:db8:0:0:0:0:0:1"],
    ["[2001:db8::1]", "2001:db8:0:0:0:0:0:1"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1"],
  ])("%s → %s", (input, canonical) => {
    expect(canonicalIp(input)).toBe(canonical);
  });

  it.each(["", "garbage", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1.2.3.4, 5.6.7.8"])(
    "rejects %j",
    (input) => {
      expect(parseIp(input)).toBeNull();
    },
  );
});

describe("CIDR ranges", () => {
  it("matches addresses inside a range and nothing outside it, per family", () => {
    const list = parseCidrList("10.0.0.0/8, 192.168.1.7 fd00::/8");
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(ipInCidrs("10.255.3.4", list.cidrs)).toBe(true);
    expect(ipInCidrs("::ffff:10.1.1.1", list.cidrs)).toBe(true);
    expect(ipInCidrs("11.0.0.1", list.cidrs)).toBe(false);
    expect(ipInCidrs("192.168.1.7", list.cidrs)).toBe(true);
    expect(ipInCidrs("192.168.1.8", list.cidrs)).toBe(false);
    expect(ipInCidrs("fd12::1", list.cidrs)).toBe(true);
    expect(ipInCidrs("fe80::1", list.cidrs)).toBe(false);
    expect(ipInCidrs("not an ip", list.cidrs)).toBe(false);
  });

  it("an empty list trusts nothing; /0 trusts a whole family", () => {
    expect(parseCidrList("")).toEqual({ ok: true, cidrs: [] });
    const all4 = parseCidr("0.0.0.0/0")!;
    expect(ipInCidrs("8.8.8.8", [all4])).toBe(true);
    expect(ipInCidrs("::1", [all4])).toBe(false);
  });

  it.each(["10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/8/1", "example.com"])("refuses %j with the entry named", (bad) => {
    const r = parseCidrList(`127.0.0.1 ${bad}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(bad);
  });
});
