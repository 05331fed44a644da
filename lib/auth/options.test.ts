import { afterEach, describe, expect, it } from "vitest";
import type { Account, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { pinClock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
import { getAuthOptions } from "./options";
import { makeUser } from "./test-helpers";

afterEach(() => pinClock(null));

const callbacks = () => getAuthOptions().callbacks!;
const credentialsAccount = (id: string): Account => ({ provider: "credentials", type: "credentials", providerAccountId: id });

describe("auth options", () => {
  it("uses JWT sessions with the configured lifetime and the app's sign-in page", () => {
    const o = getAuthOptions();
    expect(o.session).toMatchObject({ strategy: "jwt", maxAge: env().sessionMaxAgeSeconds });
    expect(o.jwt?.maxAge).toBe(env().sessionMaxAgeSeconds);
    expect(o.pages).toMatchObject({ signIn: "/sign-in", error: "/sign-in" });
    expect(o.secret).toBe(env().authSecret);
    expect(o.providers.map((p) => p.id)).toEqual(env().oidc ? ["credentials", "oidc"] : ["credentials"]);
  });

  it("puts id and role on the token at sign-in and on the session", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    pinClock(t0);
    const user = { id: "usr_x", email: "x@auth.test", name: "X", role: "auditor" as const };
    const token = await callbacks().jwt!({ token: {}, user, account: credentialsAccount(user.id) });
    expect(token).toMatchObject({ sub: "usr_x", id: "usr_x", role: "auditor", authTime: t0.getTime() / 1000 });
    const session = await callbacks().session!({ session: { expires: "" } as Session, token, user: undefined as never, newSession: undefined, trigger: "update" });
    expect(session.user).toEqual(user);
  });

  it("ends a session at its absolute lifetime even when the cookie keeps being refreshed", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    const token: JWT = { sub: "usr_x", id: "usr_x", role: "analyst", authTime: t0.getTime() / 1000 };
    pinClock(new Date(t0.getTime() + (env().sessionMaxAgeSeconds - 60) * 1000));
    expect(await callbacks().jwt!({ token, user: undefined as never, account: null })).toMatchObject({ id: "usr_x" });
    pinClock(new Date(t0.getTime() + (env().sessionMaxAgeSeconds + 60) * 1000));
    const expired = await callbacks().jwt!({ token, user: undefined as never, account: null });
    expect(expired.id).toBeUndefined();
    const session = await callbacks().session!({ session: { expires: "" } as Session, token: expired, user: undefined as never, newSession: undefined, trigger: "update" });
    expect(session.user).toBeUndefined();
  });

  it("maps an SSO subject to the Warden account on the token", async () => {
    const user = await makeUser("privacy_admin", { password: null });
    await getDb().user.update({ where: { id: user.id }, data: { oidcSubject: `sub-${user.id}` } });
    const token = await callbacks().jwt!({
      token: { sub: `sub-${user.id}` },
      user: { id: `sub-${user.id}`, email: user.email },
      account: { provider: "oidc", type: "oauth", providerAccountId: `sub-${user.id}` },
    });
    expect(token).toMatchObject({ sub: user.id, id: user.id, role: "privacy_admin", email: user.email });
  });

  it("admits credentials (authorize decided) and refuses unknown providers", async () => {
    const user = { id: "usr_y", role: "analyst" as const };
    expect(await callbacks().signIn!({ user, account: credentialsAccount("usr_y") })).toBe(true);
    expect(await callbacks().signIn!({ user, account: { provider: "github", type: "oauth", providerAccountId: "1" } })).toBe(false);
  });
});
