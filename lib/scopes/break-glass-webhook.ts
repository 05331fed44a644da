// The optional outbound alert of a break-glass use: a one-off job POSTs the event (the platform's envelope, ids and
// hashes only, never personal data) to WARDEN_BREAK_GLASS_WEBHOOK_URL, signed with HMAC-SHA256 over
// `<timestamp>.<body>` with WARDEN_WEBHOOK_SECRET. Non-2xx, a redirect or no answer within the timeout is a failure,
// and the job runner retries with exponential backoff. The body is fixed when the job is enqueued, so every retry
// sends the same bytes and the same event_id (receivers deduplicate on it). Verification: README "Break-glass webhook".
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import type { Scope } from "@/lib/core/tiers";
import type { JobContext } from "@/lib/jobs/job-kind";

export const BREAK_GLASS_WEBHOOK_KIND = "scopes.break_glass_webhook";
/** With the runner's exponential backoff, 8 tries span a receiver outage of several minutes. */
export const BREAK_GLASS_WEBHOOK_MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;

const SIGNATURE_HEADER = "x-warden-signature";
const TIMESTAMP_HEADER = "x-warden-timestamp";

/** The event as the platform's envelope (DESIGN §1): who, when, which tier, and the grant's ids and times. */
export function breakGlassEvent(e: {
  eventId: string;
  actor: Pick<Actor, "id" | "role">;
  meta: RequestMeta;
  grantId: string;
  scope: Scope;
  policyVersion: number;
  activatedAt: Date;
  expiresAt: Date;
  afterReviewDueAt: Date;
}): Record<string, unknown> {
  return {
    event_id: e.eventId,
    event_name: "governance.break_glass_activated",
    event_version: "1.0.0",
    occurred_at: e.activatedAt.toISOString(),
    actor_user_id: e.actor.id,
    actor_role: e.actor.role,
    request_id: e.meta.requestId,
    ip_hash: e.meta.ipHash,
    user_agent_hash: e.meta.uaHash,
    privacy_tier: e.scope,
    payload: {
      grant_id: e.grantId,
      scope: e.scope,
      policy_version: e.policyVersion,
      activated_at: e.activatedAt.toISOString(),
      expires_at: e.expiresAt.toISOString(),
      after_review_due_at: e.afterReviewDueAt.toISOString(),
      review_path: `/break-glass/${e.grantId}`,
    },
  };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`), timestamp in Unix seconds. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does (the README shows the same steps): recompute, compare in constant time, reject stale. */
export function verifyWebhookSignature(
  secret: string,
  received: { timestamp: string | null; signature: string | null; body: string },
  opts: { nowSeconds: number; toleranceSeconds?: number },
): boolean {
  const ts = Number(received.timestamp);
  if (!received.signature || !Number.isInteger(ts)) return false;
  if (Math.abs(opts.nowSeconds - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, ts, received.body));
  const actual = Buffer.from(received.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The job's work: one POST. Throws on failure so the runner retries it. */
export async function deliverBreakGlassWebhook(
  ctx: Pick<JobContext, "attempt" | "payload">,
  opts: { target?: { url: string; secret: string } | null; timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const target = opts.target === undefined ? env().breakGlassWebhook : opts.target;
  // Switched off since the job was queued: nothing to deliver, and nothing to retry.
  if (!target) return { skipped: "WARDEN_BREAK_GLASS_WEBHOOK_URL is not set" };
  const body = JSON.stringify(ctx.payload);
  const timestamp = Math.floor(now().getTime() / 1000);
  let res: Response;
  try {
    res = await fetch(target.url, {
      method: "POST",
      body,
      // A redirect is an answer we do not follow: the signed alert goes to the configured address or nowhere.
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Warden-Webhook/1",
        "x-warden-event": "governance.break_glass_activated",
        "x-warden-event-id": String(ctx.payload.event_id ?? ""),
        "x-warden-delivery-attempt": String(ctx.attempt),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
      },
    });
  } catch (err) {
    // The URL may carry a token, so it is never part of the message.
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw new Error(
      timedOut
        ? `The break-glass webhook did not answer within ${opts.timeoutMs ?? TIMEOUT_MS} ms`
        : `The break-glass webhook could not be reached (${errorCode(err)})`,
    );
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status > 299) throw new Error(`The break-glass webhook answered HTTP ${res.status}`);
  return { status: res.status, event_id: ctx.payload.event_id ?? null };
}

function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? cause.code : err instanceof Error ? err.name : "unknown error";
}
