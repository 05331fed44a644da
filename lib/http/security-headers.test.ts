import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allows scripts only with this response's nonce (no 'unsafe-inline' for scripts)", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", dev: false, https: false });
    const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(script).toContain("'nonce-abc123'");
    expect(script).not.toContain("unsafe-inline");
    expect(script).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("sends HSTS (and upgrades requests) only behind https", () => {
    expect(securityHeaders({ https: false }).map(([k]) => k)).not.toContain("Strict-Transport-Security");
    expect(securityHeaders({ https: true })).toContainEqual(["Strict-Transport-Security", "max-age=63072000; includeSubDomains"]);
    expect(contentSecurityPolicy({ nonce: "n", dev: false, https: true })).toContain("upgrade-insecure-requests");
  });
});
