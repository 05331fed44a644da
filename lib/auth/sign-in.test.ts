import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";
import { getDb } from "@/lib/db/client";
import { authenticateWithPassword } from "./sign-in";
import { ledgerFor, makeUser, meta, PASSWORD, uniqueEmail } from "./test-helpers";

afterEach(() => pinClock(null));

async function row(id: string) {
  return getDb().user.findUniqueOrThrow({ where: { id }, select: { failedSignIns: true, lockedUntil: true, lastSignInAt: true } });
}

describe("authenticateWithPassword", () => {
  it("signs in with the right password, normalising the email, and records it", async () => {
    const user = await makeUser("auditor");
    const m = meta();
    const result = await authenticateWithPassword(`  ${user.email.toUpperCase()} `, PASSWORD, m);
    expect(result).toEqual({ id: user.id, email: user.email, name: "Test auditor", role: "auditor" });
    expect((await row(user.id)).lastSignInAt).not.toBeNull();
    const entries = await ledgerFor({ resource: `user:${user.id}` });
    expect(entries.map((e) => e.action)).toEqual(["auth.signed_in"]);
    expect(entries[0]).toMatchObject({ decision: "allow", actorId: user.id, actorRole: "auditor", requestId: m.requestId });
  });

  it("refuses a wrong password and records the failure without the email in clear", async () => {
    const user = await makeUser("analyst");
    expect(await authenticateWithPassword(user.email, "wrong password", meta())).toBeNull();
    expect((await row(user.id)).failedSignIns).toBe(1);
    const [entry] = await ledgerFor({ resource: `user:${user.id}` });
    expect(entry).toMatchObject({
      action: "auth.sign_in_failed",
      decision: "deny",
      actorId: user.id,
      actorRole: "analyst",
      purpose: "sign-in",
    });
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

  it("refuses a disabled user even with the right password", async () => {
    const user = await makeUser("privacy_admin", { status: "disabled" });
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toBeNull();
    const [entry] = await ledgerFor({ resource: `user:${user.id}` });
    expect(entry.payload).toMatchObject({ reason: "disabled" });
  });

  it("refuses an SSO-only user (no password hash)", async () => {
    const user = await makeUser("analyst", { password: null });
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toBeNull();
    const [entry] = await ledgerFor({ resource: `user:${user.id}` });
    expect(entry.payload).toMatchObject({ reason: "no_password" });
  });

  it("returns null (never throws) for oversized or missing input", async () => {
    const user = await makeUser("analyst");
    expect(await authenticateWithPassword("a".repeat(250) + "@x.io", PASSWORD, meta())).toBeNull();
    expect(await authenticateWithPassword(user.email, "p".repeat(1025), meta())).toBeNull();
    expect(await authenticateWithPassword(user.email, "", meta())).toBeNull();
    expect(await authenticateWithPassword(undefined, undefined, meta())).toBeNull();
    expect(await authenticateWithPassword({ email: "x" }, ["p"], meta())).toBeNull();
    // Oversized input is refused before the account is even looked up: the counter is untouched.
    expect((await row(user.id)).failedSignIns).toBe(0);
    expect(await authenticateWithPassword(user.email, "p".repeat(1024), meta())).toBeNull();
    expect((await row(user.id)).failedSignIns).toBe(1);
  });

  it("locks after N consecutive failures; even the right password fails until the lock expires", async () => {
    const { signInMaxFailures: n, signInLockSeconds: lockSeconds } = env();
    const user = await makeUser("auditor");
    const t0 = new Date(Date.now() + 60_000);
    pinClock(t0);
    for (let i = 0; i < n - 1; i++) expect(await authenticateWithPassword(user.email, `wrong ${i}`, meta())).toBeNull();
    expect((await row(user.id)).lockedUntil).toBeNull();
    expect(await authenticateWithPassword(user.email, "wrong again", meta())).toBeNull();
    expect((await row(user.id)).lockedUntil?.getTime()).toBe(t0.getTime() + lockSeconds * 1000);

    pinClock(new Date(t0.getTime() + (lockSeconds - 1) * 1000));
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toBeNull();

    pinClock(new Date(t0.getTime() + (lockSeconds + 1) * 1000));
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toMatchObject({ id: user.id });
    expect(await row(user.id)).toMatchObject({ failedSignIns: 0, lockedUntil: null });

    const actions = (await ledgerFor({ resource: `user:${user.id}` })).map((e) => e.action);
    expect(actions).toEqual([
      ...Array<string>(n).fill("auth.sign_in_failed"),
      "auth.account_locked",
      "auth.sign_in_failed", // the right password, refused during the lock
      "auth.signed_in",
    ]);
  });

  it("gives N fresh attempts after a lock expires", async () => {
    const { signInMaxFailures: n, signInLockSeconds: lockSeconds } = env();
    const user = await makeUser("analyst");
    const t0 = new Date(Date.now() + 60_000);
    pinClock(t0);
    for (let i = 0; i < n; i++) await authenticateWithPassword(user.email, "wrong", meta());
    pinClock(new Date(t0.getTime() + (lockSeconds + 1) * 1000));
    await authenticateWithPassword(user.email, "wrong", meta());
    expect(await row(user.id)).toMatchObject({ failedSignIns: 1 });
    expect((await row(user.id)).lockedUntil!.getTime()).toBeLessThan(t0.getTime() + (lockSeconds + 1) * 1000);
  });

  it("a success resets the failure counter", async () => {
    const user = await makeUser("analyst");
    await authenticateWithPassword(user.email, "wrong 1", meta());
    await authenticateWithPassword(user.email, "wrong 2", meta());
    expect((await row(user.id)).failedSignIns).toBe(2);
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).not.toBeNull();
    expect((await row(user.id)).failedSignIns).toBe(0);
  });

  it("parallel guesses cannot skip the lock: at most N passwords are ever checked", async () => {
    const n = env().signInMaxFailures;
    const user = await makeUser("privacy_admin");
    const results = await Promise.all(
      Array.from({ length: 4 * n }, (_, i) => authenticateWithPassword(user.email, `guess ${i}`, meta())),
    );
    expect(results.every((r) => r === null)).toBe(true);
    const entries = await ledgerFor({ resource: `user:${user.id}` });
    const checked = entries.filter((e) => e.payload?.reason === "wrong_password");
    expect(checked.length).toBeLessThanOrEqual(n);
    expect(entries.filter((e) => e.action === "auth.account_locked")).toHaveLength(1);
    expect(entries.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(4 * n);
    expect((await row(user.id)).lockedUntil).not.toBeNull();
    // And now the right password is refused too.
    expect(await authenticateWithPassword(user.email, PASSWORD, meta())).toBeNull();
  });
});
