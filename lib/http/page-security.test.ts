import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { securePageRequest } from "./page-security";

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return {
    socket: { remoteAddress: "127.0.0.1" },
    headers: { host: "console.example:3000", ...headers },
    url,
    method: "GET",
  } as unknown as IncomingMessage;
}
const opts = { dev: false, https: false };
const scriptNonce = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

describe("securePageRequest (what the server adds to every page and route)", () => {
  it("gives each request its own nonce, on the request's CSP header (for Next.js) and on the response", () => {
    const first = request("/ledger?actor=usr_1", {
      "content-security-policy": "script-src 'nonce-forged'",
      "content-security-policy-report-only": "x",
    });
    const second = request("/ledger");
    const a = securePageRequest(first, opts)!;
    const b = securePageRequest(second, opts)!;
    const csp = new Map(a.headers).get("Content-Security-Policy")!;
    expect(first.headers["content-security-policy"]).toBe(csp);
    expect(first.headers["content-security-policy-report-only"]).toBeUndefined();
    const nonce = scriptNonce(csp)!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce).not.toBe("forged");
    expect(first.headers["x-warden-nonce"]).toBe(nonce);
    expect(scriptNonce(new Map(b.headers).get("Content-Security-Policy")!)).not.toBe(nonce);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(new Map(a.headers).get("X-Frame-Options")).toBe("DENY");
    expect(new Map(a.headers).has("Strict-Transport-Security")).toBe(false);
    expect(new Map(securePageRequest(request("/"), { dev: false, https: true })!.headers).has("Strict-Transport-Security")).toBe(true);
    expect(securePageRequest(request("/"), { dev: true, https: false })!.headers[0][1]).toContain("'unsafe-eval'");
  });

  it("passes on the path being rendered (for the sign-in redirect), overwriting a client's own", () => {
    const req = request("/people/usr_1?q=a%20b", { "x-warden-pathname": "/evil" });
    securePageRequest(req, opts);
    expect(req.headers["x-warden-pathname"]).toBe("/people/usr_1?q=a%20b");
    const twoSlashes = request("//evil.example/x");
    securePageRequest(twoSlashes, opts);
    expect(twoSlashes.headers["x-warden-pathname"]).toBe("//evil.example/x"); // a path, which sign-in then refuses
  });

  it("leaves Next's static files alone", () => {
    for (const url of ["/_next/static/chunks/a.js", "/_next/image?url=x", "/favicon.ico", "/favicon.svg"]) {
      const req = request(url);
      expect(securePageRequest(req, opts)).toBeNull();
      expect(req.headers["content-security-policy"]).toBeUndefined();
    }
    expect(securePageRequest(request("/_next/static/../../ledger"), opts)).not.toBeNull();
  });

  it("drops a callback cookie next-auth cannot parse and tells the browser to forget it; keeps usable ones and every other cookie", () => {
    const req = request("/ledger", {
      cookie:
        "a=1; next-auth.callback-url=javascript%3Aalert(1); next-auth.session-token=tok; __Secure-next-auth.callback-url=%2F%2Fevil.example; b=%E0",
    });
    const out = securePageRequest(req, opts)!;
    expect(req.headers.cookie).toBe("a=1; next-auth.session-token=tok; b=%E0");
    expect(out.clearCookies).toEqual([
      "next-auth.callback-url=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
      "__Secure-next-auth.callback-url=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure",
    ]);

    for (const usable of ["%2Fledger%3Fcursor%3Db5", "http%3A%2F%2Fconsole.example%3A3000%2Fpeople", "%2F"]) {
      const ok = request("/ledger", { cookie: `next-auth.callback-url=${usable}; x=y` });
      expect(securePageRequest(ok, opts)!.clearCookies).toEqual([]);
      expect(ok.headers.cookie).toBe(`next-auth.callback-url=${usable}; x=y`);
    }
    // Another origin is not usable; nor is a value that does not decode.
    for (const bad of ["http%3A%2F%2Fevil.example%2Fpeople", "%E0%A4%A", "-1"]) {
      const req2 = request("/", { cookie: `next-auth.callback-url=${bad}` });
      expect(securePageRequest(req2, opts)!.clearCookies).toHaveLength(1);
      expect(req2.headers.cookie).toBe("");
    }
  });

  it("drops an unusable callbackUrl from auth endpoints only, keeping the rest of the query", () => {
    const auth = request("/api/auth/signin?callbackUrl=javascript%3Aalert(1)&error=x");
    securePageRequest(auth, opts);
    expect(auth.url).toBe("/api/auth/signin?error=x");
    const fine = request("/api/auth/signin?callbackUrl=%2Fledger");
    securePageRequest(fine, opts);
    expect(fine.url).toBe("/api/auth/signin?callbackUrl=%2Fledger");
    const page = request("/sign-in?callbackUrl=javascript%3Aalert(1)");
    securePageRequest(page, opts);
    expect(page.url).toBe("/sign-in?callbackUrl=javascript%3Aalert(1)"); // the page itself sanitises it
  });

  it("judges same-origin by a trusted proxy's forwarded host and scheme (edge.ts has dropped anyone else's)", () => {
    const req = request("/", {
      "x-forwarded-host": "warden.example",
      "x-forwarded-proto": "https",
      cookie: "next-auth.callback-url=https%3A%2F%2Fwarden.example%2Fledger",
    });
    expect(securePageRequest(req, opts)!.clearCookies).toEqual([]);
    const wrongScheme = request("/", {
      "x-forwarded-host": "warden.example",
      cookie: "next-auth.callback-url=https%3A%2F%2Fwarden.example%2Fledger",
    });
    expect(securePageRequest(wrongScheme, opts)!.clearCookies).toHaveLength(1);
  });
});
