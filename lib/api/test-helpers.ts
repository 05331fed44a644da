// Shared by the machine API's tests: tokens issued by a real privacy admin, requests to the route handlers, events.
import { randomUUID } from "node:crypto";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { createApiToken } from "./api-tokens";
import type { TokenUse } from "./token-uses";

export async function issueToken(uses: TokenUse[], opts: { owner?: { id: string }; days?: number } = {}) {
  const admin = await createTestUser("privacy_admin", "tokadmin");
  const owner = opts.owner ?? (await createTestUser("auditor", "tokowner"));
  const { token, secret } = await createApiToken(
    { actor: admin, meta: testMeta() },
    { name: `t-${randomUUID().slice(0, 8)}`, ownerId: owner.id, uses, expiresInDays: opts.days ?? 30 },
  );
  return { token, secret, admin, owner };
}

export function apiRequest(
  path: string,
  secret: string | null,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...init.headers };
  if (secret !== null) headers.authorization = `Bearer ${secret}`;
  if (init.body !== undefined) headers["content-type"] ??= "application/json";
  return new Request(`http://warden.test/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

export function accessEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    event_name: "warehouse.query_executed",
    event_version: "1.0.0",
    occurred_at: new Date(Date.now() - 60_000).toISOString(),
    received_at: new Date().toISOString(),
    actor_user_id: "usr_ext0001",
    actor_role: "analyst",
    request_id: `req-${randomUUID()}`,
    ip_hash: "a".repeat(64),
    user_agent_hash: "b".repeat(64),
    privacy_tier: "pii_sensitive",
    payload: { dataset: "marketplace.people@1", record_id: "usr_p0001", row_count: 3, columns_shown: ["phone"] },
    lbg_id: "lbg_01hf8z2k",
    country: "US",
    platform: "web",
    ...overrides,
  };
}
