import { afterEach, describe, expect, it } from "vitest";
import type { Account, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { pinClock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
import { getAuthOptions, SessionEnded } from "./options";
import { makeUser } from "./test-helpers";

afterEach(() => pinClock(null));

const callbacks = () => getAuthOptions().callbacks!;
const credentialsAccount = (id: string): Account => ({ provider: "credentials", type: "credentials", providerAccountId: id });

async function signedInToken(
  role: "analyst" | "auditor" | "privacy_admin" = "auditor",
): Promise<{ token: JWT; user: Awaited<ReturnType<typeof makeUser>> }> {
  const user = await makeUser(role);
  const token = await callbacks().jwt!({
    token: {},
    user: { id: user.id, email: user.email, name: "T", role },
    account: credentialsAccount(user.id),
  });
  return { token, user };
}

const nextRequest = (token: JWT) => callbacks().jwt!({ token, user: undefined as never, account: null });

describe("auth options", () => {
  it("uses JWT cookies with the configured lifetime and the app's sign-in page", () => {
    const o = getAuthOptions();
    expect(o.session).toMatchObject({ strategy: "jwt", maxAge: env().sessionMaxAgeSeconds });
    expect(o.pages).toMatchObject({ signIn: "/sign-in", error: "/sign-in" });
    expect(o.secret).toBe(env().authSecret);
    expect(o.providers.map((p) => p.id)).toEqual(env().oidc ? ["credentials", "oidc"] : ["credentials"]);
  });

  it("starts a server-side session at sign-in; the cookie carries only its id, each request re-reads the user", async () => {
    const { token, user } = await signedInToken("auditor");
    expect(token).toEqual({ sub: user.id, id: user.id, sid: expect.stringMatching(/^ses_/) });
    const row = await getDb().session.findUniqueOrThrow({ where: { id: token.sid! } });
    expect(row).toMatchObject({ userId: user.id, role: "auditor", method: "password", endedAt: null });
    const fresh = await nextRequest(token);
    expect(fresh).toMatchObject({ id: user.id, sid: token.sid, role: "auditor", email: user.email });
    const session = await callbacks().session!({
      session: { expires: "" } as Session,
      token: fresh,
      user: undefined as never,
      newSession: undefined,
      trigger: "update",
    });
    expect(session.user).toMatchObject({ id: user.id, role: "auditor" });
  });

  it("ends a session at its absolute lifetime and after the idle timeout", async () => {
    const t0 = new Date(Date.now() + 3_600_000);
    pinClock(t0);
    const { token } = await signedInToken();
    // Active every few minutes: fine until the absolute limit.
    const step = Math.floor(env().sessionIdleSeconds / 2) * 1000;
    let at = t0.getTime();
    while (at + step < t0.getTime() + env().sessionMaxAgeSeconds * 1000) {
      at += step;
      pinClock(new Date(at));
      await expect(nextRequest(token)).resolves.toMatchObject({ sid: token.sid });
      // The request records its activity without waiting for the write (checkSession); the next request, a step
      // later, must see it, as it would with a person's minutes between clicks.
      await expect.poll(async () => (await getDb().session.findUniqueOrThrow({ where: { id: token.sid! } })).lastSeenAt.getTime()).toBe(at);
    }
    pinClock(new Date(t0.getTime() + (env().sessionMaxAgeSeconds + 1) * 1000));
    await expect(nextRequest(token)).rejects.toBeInstanceOf(SessionEnded);
    // The refused request ends the row without waiting for it (a read must not wait for the write lock).
    await expect.poll(async () => (await getDb().session.findUniqueOrThrow({ where: { id: token.sid! } })).endReason).toBe("expired");

    pinClock(t0);
    const idle = (await signedInToken()).token;
    pinClock(new Date(t0.getTime() + (env().sessionIdleSeconds + 61) * 1000));
    await expect(nextRequest(idle)).rejects.toBeInstanceOf(SessionEnded);
    await expect.poll(async () => (await getDb().session.findUniqueOrThrow({ where: { id: idle.sid! } })).endReason).toBe("idle");
  });

  it("refuses a cookie without a session id (issued before server-side sessions, or forged)", async () => {
    await expect(nextRequest({ sub: "usr_x", id: "usr_x", role: "analyst" })).rejects.toBeInstanceOf(SessionEnded);
    await expect(nextRequest({ sub: "usr_x", id: "usr_x", sid: "ses_doesnotexist" })).rejects.toBeInstanceOf(SessionEnded);
  });

  it("maps an SSO subject to the Warden account and starts an oidc session", async () => {
    const user = await makeUser("privacy_admin", { password: null });
    await getDb().user.update({ where: { id: user.id }, data: { oidcSubject: `sub-${user.id}` } });
    const token = await callbacks().jwt!({
      token: { sub: `sub-${user.id}` },
      user: { id: `sub-${user.id}`, email: user.email },
      account: { provider: "oidc", type: "oauth", providerAccountId: `sub-${user.id}` },
    });
    expect(token).toMatchObject({ sub: user.id, id: user.id });
    expect(await getDb().session.findUniqueOrThrow({ where: { id: token.sid! } })).toMatchObject({ method: "oidc", role: "privacy_admin" });
  });

  it("admits credentials (authorize decided) and refuses unknown providers", async () => {
    const user = { id: "usr_y", role: "analyst" as const };
    expect(await callbacks().signIn!({ user, account: credentialsAccount("usr_y") })).toBe(true);
    expect(await callbacks().signIn!({ user, account: { provider: "github", type: "oauth", providerAccountId: "1" } })).toBe(false);
  });

  it.each([
    ["-1", "/"],
    ["abc", "/"],
    [" ", "/"],
    ["http://", "/"],
    ["//evil.example/x", "/"],
    ["javascript:alert(1)", "/"],
    ["https://evil.example/ledger", "/"],
    ["/ledger?x=1", "/ledger?x=1"],
    ["http://127.0.0.1:3000/people", "/people"],
  ])("the redirect callback never throws and stays on this origin: %j → %s", async (url, path) => {
    const baseUrl = "http://127.0.0.1:3000";
    await expect(callbacks().redirect!({ url, baseUrl })).resolves.toBe(`${baseUrl}${path}`);
  });
});
