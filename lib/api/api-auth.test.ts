import { afterEach, describe, expect, it } from "vitest";
import { GET as getEntries } from "@/app/api/v1/ledger/entries/route";
import { pinClock } from "@/lib/core/clock";
import { sha256Hex } from "@/lib/core/hash";
import { getDb } from "@/lib/db/client";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";
import { authenticateApi } from "./authenticate";
import { apiRequest, issueToken } from "./test-helpers";

afterEach(() => pinClock(null));

async function lastEntry() {
  return getDb().ledgerEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;
}

describe("machine tokens", () => {
  it("are created by a privacy admin, shown once, stored only as a hash, and ledgered", async () => {
    const { token, secret, admin } = await issueToken(["events:write", "ledger:read"]);
    expect(secret).toMatch(/^wdn_[0-9a-z]{52}$/);
    const row = await getDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(8));
    expect(token).toMatchObject({ uses: ["events:write", "ledger:read"], tokenPrefix: secret.slice(0, 8), revokedAt: null, lastUsedAt: null });
    const entry = await getDb().ledgerEntry.findFirstOrThrow({ where: { resource: `api_token:${token.id}` } });
    expect(entry).toMatchObject({ action: "api.token_created", actorId: admin.id, actorRole: "privacy_admin", decision: "allow" });
    expect(entry.payload).not.toContain(secret);
  });

  it("refuses an analyst (403, recorded) and an owner who is disabled (422 on ownerId)", async () => {
    const analyst = await createTestUser("analyst");
    const before = await ledgerHeadSeq();
    await expect(
      createApiToken({ actor: analyst, meta: testMeta() }, { name: "nope", ownerId: analyst.id, uses: ["ledger:read"], expiresInDays: 5 }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await lastEntry()).toMatchObject({ seq: before + 1, action: "governance.action_refused", decision: "deny", actorId: analyst.id });
    await expect(listApiTokens({ actor: analyst, meta: testMeta() })).rejects.toMatchObject({ code: "forbidden" });
    const { token } = await issueToken(["ledger:read"]);
    await expect(revokeApiToken({ actor: analyst, meta: testMeta() }, token.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await lastEntry()).toMatchObject({ action: "governance.action_refused", actorId: analyst.id, resource: `api_token:${token.id}` });
    expect((await getDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();

    const admin = await createTestUser("privacy_admin");
    const gone = await createTestUser("auditor");
    await getDb().user.update({ where: { id: gone.id }, data: { status: "disabled" } });
    await expect(
      createApiToken({ actor: admin, meta: testMeta() }, { name: "for-gone", ownerId: gone.id, uses: ["ledger:read"], expiresInDays: 5 }),
    ).rejects.toMatchObject({ code: "validation_failed", field: "ownerId" });
    await expect(
      createApiToken({ actor: admin, meta: testMeta() }, { name: "Jane Doe", ownerId: admin.id, uses: ["ledger:read"], expiresInDays: 5 }),
    ).rejects.toMatchObject({ code: "validation_failed", field: "name" });
    await expect(
      createApiToken({ actor: admin, meta: testMeta() }, { name: "too-long", ownerId: admin.id, uses: ["ledger:read"], expiresInDays: 400 }),
    ).rejects.toMatchObject({ code: "validation_failed", field: "expiresInDays" });
  });
});

describe("authentication of /api/v1", () => {
  it("answers 401 without a token or with a wrong one, and records nothing", async () => {
    const before = await ledgerHeadSeq();
    const none = await getEntries(apiRequest("/ledger/entries", null));
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await errorOf(none)).code).toBe("unauthenticated");
    const wrong = await getEntries(apiRequest("/ledger/entries", `wdn_${"a".repeat(52)}`));
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toMatchObject({ code: "unauthenticated", message: "The token is not valid." });
    const garbage = await getEntries(apiRequest("/ledger/entries", "not a token"));
    expect(garbage.status).toBe(401);
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("refuses an expired token", async () => {
    const { secret } = await issueToken(["ledger:read"], { days: 1 });
    pinClock(new Date(Date.now() + 2 * 86_400_000));
    const res = await getEntries(apiRequest("/ledger/entries", secret));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/expired/);
  });

  it("refuses a revoked token at once (revocation is ledgered)", async () => {
    const { token, secret, admin } = await issueToken(["ledger:read"]);
    expect((await getEntries(apiRequest("/ledger/entries?limit=1", secret))).status).toBe(200);
    expect(await revokeApiToken({ actor: admin, meta: testMeta() }, token.id)).toEqual({ changed: true });
    expect(await revokeApiToken({ actor: admin, meta: testMeta() }, token.id)).toEqual({ changed: false });
    const res = await getEntries(apiRequest("/ledger/entries", secret));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/revoked/);
    expect(await getDb().ledgerEntry.count({ where: { action: "api.token_revoked", resource: `api_token:${token.id}` } })).toBe(1);
  });

  it("refuses a token without the use (403) and records the refusal against its owner", async () => {
    const { token, secret, owner } = await issueToken(["events:write"]);
    const res = await getEntries(apiRequest("/ledger/entries", secret));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/ledger:read/);
    const entry = await lastEntry();
    expect(entry).toMatchObject({ action: "api.access_denied", decision: "deny", actorId: owner.id, resource: `api_token:${token.id}` });
    expect(JSON.parse(entry.payload!)).toMatchObject({ token_id: token.id, use_needed: "ledger:read", path: "/api/v1/ledger/entries" });
  });

  it("never reaches further than the owner's role: refused at creation, and on a call after a role change (403, recorded)", async () => {
    const admin = await createTestUser("privacy_admin");
    const analyst = await createTestUser("analyst");
    await expect(
      createApiToken({ actor: admin, meta: testMeta() }, { name: "analyst-ledger", ownerId: analyst.id, uses: ["ledger:read"], expiresInDays: 5 }),
    ).rejects.toMatchObject({ code: "validation_failed", field: "uses" });
    const { secret, owner } = await issueToken(["ledger:read"]);
    await getDb().user.update({ where: { id: owner.id }, data: { role: "analyst" } });
    const res = await getEntries(apiRequest("/ledger/entries", secret));
    expect(res.status).toBe(403);
    expect(await lastEntry()).toMatchObject({ action: "api.access_denied", actorId: owner.id, actorRole: "analyst" });
  });

  it("stops every token of an owner who is disabled", async () => {
    const { secret, owner } = await issueToken(["ledger:read"]);
    await getDb().user.update({ where: { id: owner.id }, data: { status: "disabled" } });
    const res = await getEntries(apiRequest("/ledger/entries", secret));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/owner/);
  });

  it("rate-limits per token in the database (429 with Retry-After) and notes the last use at most once a minute", async () => {
    const { token, secret } = await issueToken(["ledger:read"]);
    const req = () => apiRequest("/ledger/entries", secret);
    await authenticateApi(req(), "ledger:read", { perMinute: 2 });
    const first = (await getDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(first).not.toBeNull();
    await authenticateApi(req(), "ledger:read", { perMinute: 2 });
    expect((await getDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toEqual(first);
    await expect(authenticateApi(req(), "ledger:read", { perMinute: 2 })).rejects.toMatchObject({ code: "rate_limited", retryAfterSeconds: 60 });
    // Another token has its own budget.
    const other = await issueToken(["ledger:read"]);
    await expect(authenticateApi(apiRequest("/ledger/entries", other.secret), "ledger:read", { perMinute: 2 })).resolves.toMatchObject({
      tokenId: other.token.id,
    });
  });
});
