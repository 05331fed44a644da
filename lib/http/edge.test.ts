import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { parseCidrList } from "@/lib/core/cidr";
import { prepareRequest } from "./edge";

function request(peer: string, headers: Record<string, string>, url = "/people", method = "GET"): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: { ...headers }, url, method } as unknown as IncomingMessage;
}
const trusted = (text: string) => {
  const r = parseCidrList(text);
  if (!r.ok) throw new Error(r.error);
  return r.cidrs;
};

describe("prepareRequest (what the server does before Next.js)", () => {
  it("with the default (trust nothing), a client's own X-Forwarded-For, x-request-id and x-warden-* headers are dropped", () => {
    const req = request("203.0.113.5", {
      "x-forwarded-for": "6.6.6.6",
      "x-real-ip": "6.6.6.6",
      "x-request-id": "reused-id-1",
      "x-warden-client-ip": "6.6.6.6",
      "x-warden-pathname": "/evil",
    });
    const { requestId, refuse } = prepareRequest(req, []);
    expect(refuse).toBeNull();
    expect(req.headers["x-warden-client-ip"]).toBe("203.0.113.5");
    expect(req.headers["x-forwarded-for"]).toBeUndefined();
    expect(req.headers["x-real-ip"]).toBeUndefined();
    expect(req.headers["x-warden-pathname"]).toBeUndefined();
    expect(requestId).not.toBe("reused-id-1");
    expect(req.headers["x-request-id"]).toBe(requestId);
    expect(req.headers["x-warden-edge"]).toBe("1");
  });

  it("behind a trusted proxy, its X-Forwarded-For and request id are believed and passed on", () => {
    const req = request("10.1.2.3", { "x-forwarded-for": "198.51.100.4", "x-request-id": "lb-7", "x-forwarded-proto": "https" });
    const { requestId } = prepareRequest(req, trusted("10.0.0.0/8"));
    expect(requestId).toBe("lb-7");
    expect(req.headers["x-warden-client-ip"]).toBe("198.51.100.4");
    expect(req.headers["x-forwarded-proto"]).toBe("https");
  });

  it.each([
    ["/people/%zz", "GET", {}],
    ["/people/%ED%A0%80", "GET", {}],
    ["/", "POST", { "content-type": "multipart/form-data" }],
    ["/", "GET", { "next-router-state-tree": "%7Bnot json" }],
  ])("refuses %s (%s, %j) with a 400 and a reason instead of letting Next.js throw", (url, method, headers) => {
    const { refuse } = prepareRequest(request("127.0.0.1", headers as Record<string, string>, url, method), []);
    expect(refuse).toMatchObject({ status: 400, message: expect.stringMatching(/not valid|without a boundary/) });
  });

  it("answers methods a page does not take with 405 and Allow (OPTIONS: 204); route handlers decide for themselves", () => {
    for (const method of ["PUT", "DELETE", "PATCH", "TRACE"]) {
      expect(prepareRequest(request("127.0.0.1", {}, "/people", method), []).refuse).toMatchObject({ status: 405, allow: "GET, HEAD, POST" });
    }
    expect(prepareRequest(request("127.0.0.1", {}, "/sign-in", "OPTIONS"), []).refuse).toMatchObject({ status: 204, allow: "GET, HEAD, POST" });
    for (const method of ["GET", "HEAD", "POST"]) expect(prepareRequest(request("127.0.0.1", {}, "/people", method), []).refuse).toBeNull();
    expect(prepareRequest(request("127.0.0.1", {}, "/api/health", "DELETE"), []).refuse).toBeNull();
  });
});
