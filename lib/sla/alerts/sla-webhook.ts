// The optional outbound SLA alert (issue 10, decision 036): POSTed to WARDEN_SLA_WEBHOOK_URL after the alert has
// committed, signed exactly like the break-glass webhook (HMAC-SHA256 over `<timestamp>.<body>`, the same headers;
// lib/scopes/break-glass-webhook.ts signWebhook). One try per alert: the outcome is recorded on the alert and a
// failure never fails the evaluation (the inbox notification is already written).
import { now } from "@/lib/core/clock";
import { signWebhook } from "@/lib/scopes/break-glass-webhook";

const TIMEOUT_MS = 10_000;

export type WebhookOutcome = { status: "sent"; httpStatus: number } | { status: "failed"; reason: string };

export async function postSlaWebhook(
  target: { url: string; secret: string },
  event: Record<string, unknown> & { event_id: string; event_name: string },
  opts: { timeoutMs?: number } = {},
): Promise<WebhookOutcome> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now().getTime() / 1000);
  try {
    const res = await fetch(target.url, {
      method: "POST",
      body,
      // A redirect is an answer we do not follow: the signed alert goes to the configured address or nowhere.
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Warden-Webhook/1",
        "x-warden-event": event.event_name,
        "x-warden-event-id": event.event_id,
        "x-warden-delivery-attempt": "1",
        "x-warden-timestamp": String(timestamp),
        "x-warden-signature": signWebhook(target.secret, timestamp, body),
      },
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299) return { status: "failed", reason: `HTTP ${res.status}` };
    return { status: "sent", httpStatus: res.status };
  } catch (err) {
    // The URL may carry a token, so it is never part of the reason.
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return { status: "failed", reason: timedOut ? `no answer within ${opts.timeoutMs ?? TIMEOUT_MS} ms` : "unreachable" };
  }
}
