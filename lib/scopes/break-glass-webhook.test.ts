// The break-glass webhook against a real HTTP server on loopback: the signature verifies, a failure throws (so the
// runner retries), and the retry sends the same body and event id with a fresh signature.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { BREAK_GLASS_WEBHOOK_KIND, breakGlassEvent, deliverBreakGlassWebhook, signWebhook, verifyWebhookSignature } from "./break-glass-webhook";

const SECRET = "test-webhook-secret-0123456789abcdef";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let url: string;
const received: Received[] = [];
/** What the server answers next (status codes, in order; then 204). "hang" never answers. */
const script: Array<number | "hang"> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const next = script.shift() ?? 204;
      if (next === "hang") return;
      if (next >= 300 && next < 400) res.setHeader("location", "http://127.0.0.1:1/elsewhere");
      res.statusCode = next;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/warden`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  received.length = 0;
  script.length = 0;
  pinClock(null);
});

function event() {
  return breakGlassEvent({
    eventId: "4b1d6c1e-7f3a-4a57-9c1e-2f0d8a1b2c3d",
    actor: { id: "usr_analyst", role: "analyst" },
    meta: { requestId: "req-1", ipHash: "ab".repeat(32), uaHash: null },
    grantId: "grt_abcd1234",
    scope: "pii_sensitive",
    policyVersion: 1,
    activatedAt: new Date("2031-01-02T03:04:05Z"),
    expiresAt: new Date("2031-01-02T07:04:05Z"),
    afterReviewDueAt: new Date("2031-01-03T03:04:05Z"),
  });
}

describe("break-glass webhook", () => {
  it("POSTs the event signed with HMAC-SHA256 over timestamp.body, verifiable by the receiver", async () => {
    pinClock(new Date("2031-01-02T03:04:06Z"));
    const out = await deliverBreakGlassWebhook({ attempt: 1, payload: event() }, { target: { url, secret: SECRET } });
    expect(out).toMatchObject({ status: 204 });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-warden-event-id"]).toBe("4b1d6c1e-7f3a-4a57-9c1e-2f0d8a1b2c3d");
    const ts = String(r.headers["x-warden-timestamp"]);
    expect(ts).toBe(String(Date.parse("2031-01-02T03:04:06Z") / 1000));
    // Recomputed independently, as a receiver would with its own HMAC library.
    const expected = "sha256=" + createHmac("sha256", SECRET).update(`${ts}.${r.body}`).digest("hex");
    expect(r.headers["x-warden-signature"]).toBe(expected);
    const nowSeconds = Number(ts) + 10;
    const sig = String(r.headers["x-warden-signature"]);
    expect(verifyWebhookSignature(SECRET, { timestamp: ts, signature: sig, body: r.body }, { nowSeconds })).toBe(true);
    // A changed body, another secret or a stale timestamp fails.
    expect(
      verifyWebhookSignature(SECRET, { timestamp: ts, signature: sig, body: r.body.replace("pii_sensitive", "pii_basic") }, { nowSeconds }),
    ).toBe(false);
    expect(verifyWebhookSignature("another-secret-0123456789abcdef012345", { timestamp: ts, signature: sig, body: r.body }, { nowSeconds })).toBe(
      false,
    );
    expect(verifyWebhookSignature(SECRET, { timestamp: ts, signature: sig, body: r.body }, { nowSeconds: nowSeconds + 3600 })).toBe(false);
    const body = JSON.parse(r.body) as { event_name: string; payload: { grant_id: string } };
    expect(body.event_name).toBe("governance.break_glass_activated");
    expect(body.payload.grant_id).toBe("grt_abcd1234");
  });

  it("throws on a non-2xx answer so the runner retries; the retry sends the same body and event id, freshly signed", async () => {
    script.push(503);
    pinClock(new Date("2031-01-02T03:04:10Z"));
    const payload = event();
    await expect(deliverBreakGlassWebhook({ attempt: 1, payload }, { target: { url, secret: SECRET } })).rejects.toThrow(/HTTP 503/);
    pinClock(new Date("2031-01-02T03:04:40Z"));
    await expect(deliverBreakGlassWebhook({ attempt: 2, payload }, { target: { url, secret: SECRET } })).resolves.toMatchObject({ status: 204 });
    expect(received).toHaveLength(2);
    expect(received[1].body).toBe(received[0].body);
    expect(received[1].headers["x-warden-event-id"]).toBe(received[0].headers["x-warden-event-id"]);
    expect(received.map((r) => r.headers["x-warden-delivery-attempt"])).toEqual(["1", "2"]);
    expect(received[1].headers["x-warden-timestamp"]).not.toBe(received[0].headers["x-warden-timestamp"]);
    for (const r of received) {
      expect(r.headers["x-warden-signature"]).toBe(signWebhook(SECRET, Number(r.headers["x-warden-timestamp"]), r.body));
    }
  });

  it("treats a redirect as a failure and does not follow it", async () => {
    script.push(302);
    await expect(deliverBreakGlassWebhook({ attempt: 1, payload: event() }, { target: { url, secret: SECRET } })).rejects.toThrow(/HTTP 302/);
    expect(received).toHaveLength(1);
  });

  it("gives up on a receiver that does not answer within the timeout, without naming the URL", async () => {
    script.push("hang");
    const err = await deliverBreakGlassWebhook({ attempt: 1, payload: event() }, { target: { url, secret: SECRET }, timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/did not answer within 200 ms/);
    expect((err as Error).message).not.toContain("127.0.0.1");
  });

  it("skips quietly when the webhook was switched off after the job was queued", async () => {
    await expect(deliverBreakGlassWebhook({ attempt: 1, payload: event() }, { target: null })).resolves.toMatchObject({
      skipped: expect.any(String),
    });
    expect(received).toHaveLength(0);
  });

  it("is a one-off kind retried up to 8 times by the runner", () => {
    const kind = JOB_KINDS.find((k) => k.kind === BREAK_GLASS_WEBHOOK_KIND);
    expect(kind).toMatchObject({ maxAttempts: 8 });
    expect(kind?.everyMs).toBeUndefined();
  });
});
