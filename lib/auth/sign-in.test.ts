import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { keyedHash } from "@/lib/core/hash";
import { getDb } from "@/lib/db/client";
import { flushAnonymousAggregates } from "./anonymous-aggregates";
import { recordAnonymousEvent } from "./auth-events";
import { authenticateWithPassword, signInWithPassword } from "./sign-in";
import { ledgerFor, makeUser, meta, PASSWORD, uniqueEmail } from "./test-helpers";

afterEach(() => pinClock(null));

async function counter(key: string) {
  const r = await getDb().rateLimit.findUnique({ where: { key } });
  return r ? { count: r.count, lockedUntil: r.lockedUntil === null ? null : Number(r.lockedUntil) } : null;
}

const accountKey = (userId: string) => `signin:acct:${userId}`;

describe("signInWithPassword", () => {
  it("signs in with the right password, normalising the email, records it and hands out a device token", async () => {
    const user = await makeUser("auditor");
    const m = meta();
    const result = await signInWithPassword(`  ${user.email.toUpperCase()} `, PASSWORD, m);
    expect(result?.user).toEqual({ id: user.id, email: user.email, name: "Test auditor", role: "auditor" });
    expect(result?.deviceToken).toMatch(/^d1\./);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
    const entries = await ledgerFor({ resource: `user:${user.id}` });
    expect(entries.map((e) => e.action)).toEqual(["auth.signed_in"]);
    expect(entries[0]).toMatchObject({ decision: "allow", actorId: user.id, actorRole: "auditor", requestId: m.requestId });
  });

  it("refuses a wrong password and records the failure without the email in clear", async () => {
    const user = await makeUser("analyst");
    expect(await authenticateWithPassword(user.email, "wrong password", meta())).toBeNull();
    expect(await counter(accountKey(user.id))).toMatchObject({ count: 1, lockedUntil: null });
    const [entry] = await ledgerFor({ resource: `user:${user.id}` });
    expect(entry).toMatchObject({ action: "auth.sign_in_failed", decision: "deny", actorId: user.id, actorRole: "analyst", purpose: "sign-in" });
    expect(entry.payload).toMatchObject({ reason: "wrong_password", email_hash: keyedHash(env().hashKey, user.email) });
    expect(JSON.stringify(entry.payload)).not.toContain(user.email);
  });

  it("refuses an unknown email and records it against user:unknown", async () => {
    const email = uniqueEmail("nobody");
    expect(await authenticateWithPassword(email, PASSWORD, meta())).toBeNull();
    const entries = await ledgerFor({ payloadContains: keyedHash(env().hashKey, email) });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "auth.sign_in_failed", resource: "user:unknown", actorId: null, actorRole: "anonymous" });
    expect(entries[0].payload).toMatchObject({ reason: "unknown_user" });
  });

  it("refuses a disabled user and an SSO-only user even with the right password", async () => {
    const disabled = await makeUser("privacy_admin", { status: "disabled" });
    expect(await authenticateWithPassword(disabled.email, PASSWORD, meta())).toBeNull();
    expect((await ledgerFor({ resource: `user:${disabled.id}` }))[0].payload).toMatchObject({ reason: "disabled" });
    const sso = await makeUser("analyst", { password: null });
    expect(await authenticateWithPassword(sso.email, PASSWORD, meta())).toBeNull();
    expect((await ledgerFor({ resource: `user:${sso.id}` }))[0].payload).toMatchObject({ reason: "no_password" });
  });

  it("returns null (never throws) for oversized or missing input, before touching the account's counter", async () => {
    const user = await makeUser("analyst");
    expect(await authenticateWithPassword("a".repeat(250) + "@x.io", PASSWORD, meta())).toBeNull();
    expect(await authenticateWithPassword(user.email, "p".repeat(1025), meta())).toBeNull();
    expect(await authenticateWithPassword(user.email, "", meta())).toBeNull();
    expect(await authenticateWithPassword(undefined, undefined, meta())).toBeNull();
    expect(await authenticateWithPassword({ email: "x" }, ["p"], meta())).toBeNull();
    expect(await counter(accountKey(user.id))).toBeNull();
    expect(await authenticateWithPassword(user.email, "p".repeat(1024), meta())).toBeNull();
    expect(await counter(accountKey(user.id))).toMatchObject({ count: 1 });
  });

  it("locks the account for unrecognised browsers after N failures; the right password fails until the lock ends", async () => {
    const { signInMaxFailures: n, signInLockSeconds: lockSeconds } = env();
    const user = await makeUser("auditor");
    const t0 = new Date(Date.now() + 60_000);
    pinClock(t0);
    // N different addresses: the per-address limit is not what locks here.
    for (let i = 0; i < n - 1; i++) expect(await authenticateWithPassword(user.email, `wrong ${i}`, meta())).toBeNull();
    expect((await counter(accountKey(user.id)))?.lockedUntil).toBeNull();
    expect(await authenticateWithPassword(user.email, "wrong again", meta())).toBeNull();
    expect((await counter(accountKey(user.id)))?.lockedUntil).toBe(t0.getTime() + lockSeconds * 1000);

    pinClock(new Date(t0.getTime() + (lockSeconds - 1) * 1000));
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toBeNull();
    pinClock(new Date(t0.getTime() + (lockSeconds + 1) * 1000));
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toMatchObject({ id: user.id });
    expect(await counter(accountKey(user.id))).toBeNull();

    const actions = (await ledgerFor({ resource: `user:${user.id}` })).map((e) => e.action);
    expect(actions).toEqual([...Array<string>(n).fill("auth.sign_in_failed"), "auth.account_locked", "auth.sign_in_failed", "auth.signed_in"]);
  });

  it("a stranger's guesses cannot lock the owner out of a browser that signed in before (no easy lockout DoS)", async () => {
    const { signInMaxFailures: n } = env();
    const owner = await makeUser("privacy_admin");
    const device = (await signInWithPassword(owner.email, PASSWORD, meta()))!.deviceToken;
    for (let i = 0; i <= n; i++) await authenticateWithPassword(owner.email, `attacker ${i}`, meta());
    expect((await counter(accountKey(owner.id)))?.lockedUntil).not.toBeNull();
    // A new browser is refused (the account is locked for unrecognised devices)...
    expect(await authenticateWithPassword(owner.email, PASSWORD, meta())).toBeNull();
    // ...the owner's own browser is not.
    expect(await authenticateWithPassword(owner.email, PASSWORD, meta(), { deviceToken: device })).toMatchObject({ id: owner.id });
    const lock = (await ledgerFor({ resource: `user:${owner.id}` })).find((e) => e.action === "auth.account_locked");
    expect(lock?.payload).toMatchObject({ scope: "unrecognised_devices" });
  });

  it("a device token of another account, or a forged one, counts as an unrecognised browser", async () => {
    const a = await makeUser("analyst");
    const b = await makeUser("analyst");
    const tokenA = (await signInWithPassword(a.email, PASSWORD, meta()))!.deviceToken;
    await authenticateWithPassword(b.email, "wrong", meta(), { deviceToken: tokenA });
    expect(await counter(accountKey(b.id))).toMatchObject({ count: 1 });
    await authenticateWithPassword(a.email, "wrong", meta(), { deviceToken: tokenA.slice(0, -2) + "xx" });
    expect(await counter(accountKey(a.id))).toMatchObject({ count: 1 });
  });

  it("a success resets the failure counter", async () => {
    const user = await makeUser("analyst");
    await authenticateWithPassword(user.email, "wrong 1", meta());
    await authenticateWithPassword(user.email, "wrong 2", meta());
    expect(await counter(accountKey(user.id))).toMatchObject({ count: 2 });
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).not.toBeNull();
    expect(await counter(accountKey(user.id))).toBeNull();
  });

  it("parallel guesses cannot skip the lock: at most N passwords are ever checked", async () => {
    const n = env().signInMaxFailures;
    const user = await makeUser("privacy_admin");
    const results = await Promise.all(Array.from({ length: 4 * n }, (_, i) => authenticateWithPassword(user.email, `guess ${i}`, meta())));
    expect(results.every((r) => r === null)).toBe(true);
    const entries = await ledgerFor({ resource: `user:${user.id}` });
    expect(entries.filter((e) => e.payload?.reason === "wrong_password").length).toBeLessThanOrEqual(n);
    expect(entries.filter((e) => e.action === "auth.account_locked")).toHaveLength(1);
    expect(entries.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(4 * n);
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toBeNull();
  });
});

describe("per-address throttling", () => {
  it("locks out one client address after its failures, before any password is checked, and leaves others alone", async () => {
    const { signInIpMaxFailures: max } = env();
    const address = meta().ipHash!;
    const user = await makeUser("analyst");
    for (let i = 0; i < max; i++) expect(await authenticateWithPassword(uniqueEmail("spray"), "guess", meta(address))).toBeNull();
    // The next attempt from that address is refused outright, even with the right password of a real account.
    const err = await authenticateWithPassword(user.email, PASSWORD, meta(address)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "rate_limited", status: 429 });
    expect((err as AppError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await counter(accountKey(user.id))).toBeNull(); // the account's own counter was never touched
    // Another address signs in as usual.
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toMatchObject({ id: user.id });
    const throttled = await getDb().ledgerEntry.findMany({ where: { action: "auth.client_throttled", ipHash: address } });
    expect(throttled).toHaveLength(1);
  });
});

describe("anonymous ledger budget", () => {
  it("writes the first events of a minute from one address and aggregates the rest into one entry with the count", async () => {
    const t0 = new Date(Math.ceil((Date.now() + 120_000) / 60_000) * 60_000 + 5_000);
    pinClock(t0);
    const address = `ip-budget-${t0.getTime()}`;
    const perIp = 4;
    const outcomes: string[] = [];
    for (let i = 0; i < 11; i++) {
      outcomes.push(
        await recordAnonymousEvent(
          {
            action: "auth.sign_in_failed",
            decision: "deny",
            user: null,
            meta: meta(address),
            payload: { method: "password", reason: "unknown_user" },
          },
          { perIp, all: 1_000_000 },
        ),
      );
    }
    expect(outcomes.filter((o) => o === "recorded")).toHaveLength(perIp);
    expect(outcomes.filter((o) => o === "aggregated")).toHaveLength(7);
    const individual = await getDb().ledgerEntry.count({ where: { ipHash: address, action: "auth.sign_in_failed" } });
    expect(individual).toBe(perIp);
    // The minute is not over: nothing is written yet. Once it is, one entry carries the count.
    expect(await flushAnonymousAggregates(t0.getTime())).toBe(0);
    pinClock(new Date(t0.getTime() + 60_000));
    expect(await flushAnonymousAggregates()).toBeGreaterThanOrEqual(1);
    const aggregate = await getDb().ledgerEntry.findMany({ where: { ipHash: address, action: "auth.anonymous_events_aggregated" } });
    expect(aggregate).toHaveLength(1);
    expect(JSON.parse(aggregate[0].payload!)).toMatchObject({ count: 7, scope: "one_address" });
    expect(aggregate[0].rowCount).toBe(7);
    // Flushing again writes nothing more.
    await flushAnonymousAggregates();
    expect(await getDb().ledgerEntry.count({ where: { ipHash: address, action: "auth.anonymous_events_aggregated" } })).toBe(1);
  });

  it("over the budget for all addresses, events from many addresses share one aggregate", async () => {
    const t0 = new Date(Math.ceil((Date.now() + 600_000) / 60_000) * 60_000 + 5_000);
    pinClock(t0);
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(
        await recordAnonymousEvent(
          {
            action: "auth.sign_in_failed",
            decision: "deny",
            user: null,
            meta: meta(`ip-many-${t0.getTime()}-${i}`),
            payload: { reason: "unknown_user" },
          },
          { perIp: 100, all: 2 },
        ),
      );
    }
    expect(outcomes).toEqual(["recorded", "recorded", "aggregated", "aggregated", "aggregated", "aggregated"]);
    pinClock(new Date(t0.getTime() + 60_000));
    await flushAnonymousAggregates();
    const all = await getDb().ledgerEntry.findMany({
      where: { action: "auth.anonymous_events_aggregated", ipHash: null, occurredAt: { gte: new Date(t0.getTime()).toISOString() } },
    });
    expect(all.map((e) => JSON.parse(e.payload!))).toContainEqual(expect.objectContaining({ count: 4, scope: "all_addresses" }));
  });
});
