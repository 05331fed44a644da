import { Readable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { userCreate } from "@/scripts/commands/user-create";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { captureConsole as capture } from "@/lib/test/capture-console";
import { dialect, rawExec } from "@/lib/test/fixtures";
import { createConsoleUser, createUser, ensureUser } from "./create-user";
import { authenticateWithPassword } from "./sign-in";
import { ledgerFor, makeUser, meta, uniqueEmail } from "./test-helpers";

const FAIL_APPENDS =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER create_user_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION create_user_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER create_user_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION create_user_test_refuse()`,
      ];
const HEAL =
  dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS create_user_test_refuse`] : [`DROP TRIGGER IF EXISTS create_user_test_refuse ON ledger_entries`];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const sql of HEAL) await rawExec(sql);
});

describe("createUser", () => {
  it("creates a user with an argon2id hash, normalised email, and records the creation", async () => {
    const email = uniqueEmail("new");
    const user = await createUser({ email: `  ${email.toUpperCase()} `, name: "New Person", role: "analyst", password: "long enough pw" });
    expect(user).toMatchObject({ email, name: "New Person", role: "analyst", status: "active", hasPassword: true });
    expect(user.id).toMatch(/^usr_/);
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await authenticateWithPassword(email, "long enough pw", meta())).toMatchObject({ id: user.id });
    const [created] = await ledgerFor({ resource: `user:${user.id}` });
    expect(created).toMatchObject({ action: "auth.user_created", decision: "allow", actorId: null, actorRole: "system" });
  });

  it("refuses a duplicate email with a conflict (no upsert)", async () => {
    const email = uniqueEmail("dup");
    await createUser({ email, name: "One", role: "auditor" });
    await expect(createUser({ email, name: "Two", role: "privacy_admin" })).rejects.toMatchObject({ code: "conflict" });
    expect((await getDb().user.findUniqueOrThrow({ where: { email } })).role).toBe("auditor");
  });

  it("creates an SSO-only user when no password is given", async () => {
    const user = await createUser({ email: uniqueEmail("sso"), name: "SSO", role: "auditor" });
    expect(user.hasPassword).toBe(false);
  });

  it("validates the role, the email and the password length", async () => {
    await expect(createUser({ email: uniqueEmail("x"), name: "X", role: "root" as never })).rejects.toThrow(/privacy_admin, auditor, analyst/);
    await expect(createUser({ email: "not-an-email", name: "X", role: "analyst" })).rejects.toThrow(/valid email/);
    await expect(createUser({ email: uniqueEmail("x"), name: "X", role: "analyst", password: "short" })).rejects.toThrow(/at least 8/);
  });
});

describe("createConsoleUser (the Users page)", () => {
  it("gives a password account a strong temporary password, returned once, that signs in; the creation names the admin", async () => {
    const admin = await makeUser("privacy_admin");
    const email = uniqueEmail("console");
    const r = await createConsoleUser(
      { actor: { id: admin.id, role: "privacy_admin" }, meta: meta() },
      { email, name: "Console Made", role: "auditor", signIn: "password" },
    );
    expect(r.user).toMatchObject({ email, role: "auditor", status: "active", hasPassword: true });
    expect(r.temporaryPassword).toMatch(/^[a-hj-km-np-z2-9]{6}(-[a-hj-km-np-z2-9]{6}){3}$/);
    expect(await authenticateWithPassword(email, r.temporaryPassword!, meta())).toMatchObject({ id: r.user.id });
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: r.user.id } });
    expect(stored.passwordHash).not.toContain(r.temporaryPassword!);
    const [created] = await ledgerFor({ resource: `user:${r.user.id}` });
    expect(created).toMatchObject({ action: "auth.user_created", actorId: admin.id, actorRole: "privacy_admin" });
    expect(JSON.stringify(created.payload)).not.toContain(r.temporaryPassword!);
    // Two accounts never share a generated password.
    const other = await createConsoleUser(
      { actor: { id: admin.id, role: "privacy_admin" }, meta: meta() },
      { email: uniqueEmail("console"), name: "Two", role: "analyst", signIn: "password" },
    );
    expect(other.temporaryPassword).not.toBe(r.temporaryPassword);
  });

  it("creates an SSO-only account only where single sign-on is configured", async () => {
    const admin = await makeUser("privacy_admin");
    const acting = { actor: { id: admin.id, role: "privacy_admin" as const }, meta: meta() };
    const input = { email: uniqueEmail("console-sso"), name: "SSO", role: "analyst" as const, signIn: "sso" as const };
    if (env().oidc === null) {
      await expect(createConsoleUser(acting, input)).rejects.toMatchObject({ code: "validation_failed", field: "signIn" });
      expect(await getDb().user.findUnique({ where: { email: input.email } })).toBeNull();
    } else {
      expect(await createConsoleUser(acting, input)).toMatchObject({ temporaryPassword: null, user: { hasPassword: false } });
    }
  });

  it("refuses an actor without user.manage and records the refusal", async () => {
    const auditor = await makeUser("auditor");
    const email = uniqueEmail("console-refused");
    await expect(
      createConsoleUser(
        { actor: { id: auditor.id, role: "auditor" }, meta: meta() },
        { email, name: "No", role: "privacy_admin", signIn: "password" },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
    const [refusal] = await ledgerFor({ actorId: auditor.id });
    expect(refusal).toMatchObject({ action: "governance.action_refused", decision: "deny", resource: "user:new" });
    expect(refusal.payload).toMatchObject({ attempted: "create_user" });
  });

  it("creates no account when the ledger cannot record it", async () => {
    const admin = await makeUser("privacy_admin");
    const email = uniqueEmail("console-unrecorded");
    for (const sql of FAIL_APPENDS) await rawExec(sql);
    await expect(
      createConsoleUser(
        { actor: { id: admin.id, role: "privacy_admin" }, meta: meta() },
        { email, name: "Ghost", role: "analyst", signIn: "password" },
      ),
    ).rejects.toMatchObject({ code: "unavailable" });
    expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
  });
});

describe("ensureUser", () => {
  it("creates once and then leaves the existing account untouched", async () => {
    const email = uniqueEmail("seed");
    const first = await ensureUser({ email, name: "Seed", role: "analyst", password: "first password" });
    const second = await ensureUser({ email, name: "Changed", role: "privacy_admin", password: "second password" });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, user: { id: first.user.id, name: "Seed", role: "analyst" } });
    expect(await authenticateWithPassword(email, "first password", meta())).not.toBeNull();
  });
});

describe("warden user create", () => {
  it("creates a user from flags and a piped password, printing neither the password nor its hash", async () => {
    const { out } = capture();
    const email = uniqueEmail("cli");
    const code = await userCreate(["--email", email, "--role", "auditor", "--name", "Cli User", "--password-stdin"], {
      stdin: Readable.from(["piped secret pw\n"]),
    });
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/created user usr_/);
    expect(text).toContain(email);
    expect(text).toContain("auditor");
    expect(text).not.toContain("piped secret pw");
    expect(text).not.toContain("$argon2");
    expect(await authenticateWithPassword(email, "piped secret pw", meta())).not.toBeNull();
  });

  it("says when the account is SSO-only (single sign-on configured)", async () => {
    const { out } = capture();
    expect(await userCreate(["--email", uniqueEmail("cli-sso"), "--role", "analyst"], { ssoConfigured: true })).toBe(0);
    expect(out.join("\n")).toMatch(/single sign-on only/);
  });

  it("refuses an account without a password when single sign-on is not configured, saying how to set one", async () => {
    const { out, err } = capture();
    const email = uniqueEmail("cli-nopw");
    expect(await userCreate(["--email", email, "--role", "analyst"], { ssoConfigured: false })).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^warden user create: a password is required: single sign-on is not configured .*--password-stdin/);
    expect(err[0]).not.toContain("\n");
    expect(out).toEqual([]);
    expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
  });

  it("reads whether single sign-on is configured from the environment (OIDC_ISSUER)", async () => {
    capture();
    const email = uniqueEmail("cli-env");
    expect(await userCreate(["--email", email, "--role", "analyst"])).toBe(env().oidc === null ? 2 : 0);
    expect(await getDb().user.findUnique({ where: { email } })).toSatisfy((u) => (env().oidc === null ? u === null : u !== null));
  });

  it("exits 2 with a one-line reason on bad input", async () => {
    const { err } = capture();
    expect(await userCreate(["--email", uniqueEmail("cli"), "--role", "root"])).toBe(2);
    expect(err.at(-1)).toMatch(/--role must be one of: privacy_admin, auditor, analyst/);
    expect(await userCreate(["--role", "analyst"])).toBe(2);
    expect(err.at(-1)).toMatch(/--email is required/);
    expect(await userCreate(["--email", "nope", "--role", "analyst"])).toBe(2);
    expect(err.at(-1)).toMatch(/--email must be a valid email/);
    expect(await userCreate(["--email", uniqueEmail("cli"), "--role", "analyst", "--bogus"])).toBe(2);
    expect(await userCreate(["--email", uniqueEmail("cli"), "--role", "analyst", "--password-stdin"], { stdin: Readable.from(["short\n"]) })).toBe(2);
    expect(err.at(-1)).toMatch(/password \(stdin\) must be at least 8/);
    expect(err.every((line) => !line.includes("\n"))).toBe(true);
  });

  it("exits 1 when the user already exists", async () => {
    const { err } = capture();
    const email = uniqueEmail("cli-dup");
    expect(await userCreate(["--email", email, "--role", "analyst"], { ssoConfigured: true })).toBe(0);
    expect(await userCreate(["--email", email, "--role", "auditor"], { ssoConfigured: true })).toBe(1);
    expect(err.at(-1)).toBe(`warden user create: user ${email} already exists`);
  });

  it("is an AppError conflict underneath (the CLI maps it to exit 1)", async () => {
    const email = uniqueEmail("dup2");
    await createUser({ email, name: "A", role: "analyst" });
    await expect(createUser({ email, name: "A", role: "analyst" })).rejects.toBeInstanceOf(AppError);
  });
});
