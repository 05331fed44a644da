import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { admitOidcUser, findUserByOidcSubject } from "./oidc-sign-in";
import { ledgerFor, makeUser, meta, uniqueEmail } from "./test-helpers";

const subject = () => `sub-${randomUUID()}`;

describe("admitOidcUser", () => {
  it("links a first-time SSO user by verified email, then recognises the subject", async () => {
    const user = await makeUser("auditor", { password: null });
    const sub = subject();
    expect(await admitOidcUser({ subject: sub, email: user.email.toUpperCase(), emailVerified: true }, meta())).toMatchObject({
      id: user.id,
      role: "auditor",
    });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBe(sub);
    // Later sign-ins match on the subject alone, even if the provider changes the email.
    expect(await admitOidcUser({ subject: sub, email: "renamed@elsewhere.test", emailVerified: false }, meta())).toMatchObject({ id: user.id });
    expect(await findUserByOidcSubject(sub)).toMatchObject({ id: user.id });
    const actions = (await ledgerFor({ resource: `user:${user.id}` })).map((e) => [e.action, e.payload?.linked]);
    expect(actions).toEqual([
      ["auth.signed_in", true],
      ["auth.signed_in", false],
    ]);
  });

  it("refuses people who have no Warden account (no self-provisioning)", async () => {
    const email = uniqueEmail("stranger");
    expect(await admitOidcUser({ subject: subject(), email, emailVerified: true }, meta())).toBeNull();
    expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
  });

  it("refuses to link on an unverified email", async () => {
    const user = await makeUser("privacy_admin");
    expect(await admitOidcUser({ subject: subject(), email: user.email, emailVerified: false }, meta())).toBeNull();
    expect(await admitOidcUser({ subject: subject(), email: user.email }, meta())).toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBeNull();
    const reasons = (await ledgerFor({ resource: `user:${user.id}` })).map((e) => e.payload?.reason);
    expect(reasons).toEqual(["email_unverified", "email_unverified"]);
  });

  it("refuses a second subject for an account already linked to another", async () => {
    const user = await makeUser("analyst");
    const first = subject();
    await admitOidcUser({ subject: first, email: user.email, emailVerified: true }, meta());
    expect(await admitOidcUser({ subject: subject(), email: user.email, emailVerified: true }, meta())).toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).oidcSubject).toBe(first);
  });

  it("refuses a disabled user", async () => {
    const user = await makeUser("analyst", { status: "disabled" });
    expect(await admitOidcUser({ subject: subject(), email: user.email, emailVerified: "true" }, meta())).toBeNull();
  });
});
