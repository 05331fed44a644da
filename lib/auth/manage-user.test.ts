import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { dialect, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { changeUserRole, setUserStatus } from "./manage-user";
import { checkSession, startSession } from "./sessions";
import { ledgerFor, makeUser, meta } from "./test-helpers";

// A real fault in the database, not a mock: a trigger that refuses every ledger insert (as in the unit of work's test).
const FAIL_APPENDS =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER manage_user_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION manage_user_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER manage_user_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION manage_user_test_refuse()`,
      ];
const HEAL =
  dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS manage_user_test_refuse`] : [`DROP TRIGGER IF EXISTS manage_user_test_refuse ON ledger_entries`];

// Test files share one database and run one after another; the last-admin tests set every other active privacy
// admin aside (disabled) and put them back afterwards.
let setAside: string[] = [];

afterEach(async () => {
  for (const sql of HEAL) await rawExec(sql);
  if (setAside.length) await getDb().user.updateMany({ where: { id: { in: setAside } }, data: { status: "active" } });
  setAside = [];
});

async function onlyTheseAdmins(...ids: string[]): Promise<void> {
  const others = await getDb().user.findMany({ where: { role: "privacy_admin", status: "active", id: { notIn: ids } }, select: { id: true } });
  setAside = others.map((o) => o.id);
  await getDb().user.updateMany({ where: { id: { in: setAside } }, data: { status: "disabled" } });
}

async function admin(): Promise<Actor & { email: string }> {
  const u = await makeUser("privacy_admin");
  return { id: u.id, role: "privacy_admin", email: u.email };
}

async function sessionsOf(user: { id: string; email: string; role: "analyst" | "auditor" | "privacy_admin" }, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await startSession({ ...user, name: "T" }, "password", meta(), `Firefox 150 on Linux #${i}`)).id);
  return ids;
}

describe("console user management", () => {
  it("refuses disabling oneself and changing one's own role, and records each refusal", async () => {
    const me = await admin();
    const ctx = { actor: me, meta: meta() };
    await expect(setUserStatus({ userId: me.id }, "disabled", ctx)).rejects.toMatchObject({
      code: "forbidden",
      message: "You cannot disable your own account",
    });
    await expect(changeUserRole({ userId: me.id }, "analyst", ctx)).rejects.toMatchObject({
      code: "forbidden",
      message: "You cannot change the role of your own account",
    });
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: me.id } });
    expect(stored).toMatchObject({ status: "active", role: "privacy_admin" });
    const refusals = await ledgerFor({ resource: `user:${me.id}` });
    expect(refusals.map((e) => [e.action, e.decision, e.actorId, e.payload?.attempted])).toEqual([
      ["governance.action_refused", "deny", me.id, "disable_user"],
      ["governance.action_refused", "deny", me.id, "change_user_role"],
    ]);
  });

  it("refuses an actor without user.manage, whatever the form sent", async () => {
    const auditor = await makeUser("auditor");
    const target = await makeUser("analyst");
    await expect(
      setUserStatus({ userId: target.id }, "disabled", { actor: { id: auditor.id, role: "auditor" }, meta: meta() }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("active");
    const [entry] = await ledgerFor({ resource: `user:${target.id}` });
    expect(entry).toMatchObject({ action: "governance.action_refused", decision: "deny", actorId: auditor.id, actorRole: "auditor" });
  });

  it("never disables or demotes the last active privacy admin, not even from the CLI", async () => {
    const last = await admin();
    await onlyTheseAdmins(last.id);
    const cli = { actor: null, meta: meta() };
    await expect(setUserStatus(last.email, "disabled", cli)).rejects.toMatchObject({ code: "forbidden", message: /last active privacy admin/ });
    await expect(changeUserRole(last.email, "auditor", cli)).rejects.toMatchObject({ code: "forbidden", message: /last active privacy admin/ });
    expect(await getDb().user.findUniqueOrThrow({ where: { id: last.id } })).toMatchObject({ status: "active", role: "privacy_admin" });
    const entries = await ledgerFor({ resource: `user:${last.id}` });
    expect(entries.map((e) => [e.action, e.decision, e.actorRole, e.payload?.attempted])).toEqual([
      ["governance.action_refused", "deny", "system", "disable_user"],
      ["governance.action_refused", "deny", "system", "change_user_role"],
    ]);

    // With a second admin, either may go.
    const second = await admin();
    expect(await changeUserRole(last.email, "auditor", cli)).toMatchObject({ changed: true });
    await expect(setUserStatus(second.email, "disabled", cli)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("two admins demoting each other at the same moment: exactly one succeeds, one admin remains", async () => {
    const [x, y] = [await admin(), await admin()];
    await onlyTheseAdmins(x.id, y.id);
    const results = await Promise.allSettled([
      changeUserRole({ userId: y.id }, "analyst", { actor: x, meta: meta() }),
      changeUserRole({ userId: x.id }, "analyst", { actor: y, meta: meta() }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).code).toBe("forbidden");
    const admins = await getDb().user.count({ where: { id: { in: [x.id, y.id] }, role: "privacy_admin", status: "active" } });
    expect(admins).toBe(1);
  });

  it("two admins disabling each other at the same moment: exactly one succeeds", async () => {
    const [x, y] = [await admin(), await admin()];
    await onlyTheseAdmins(x.id, y.id);
    const results = await Promise.allSettled([
      setUserStatus({ userId: y.id }, "disabled", { actor: x, meta: meta() }),
      setUserStatus({ userId: x.id }, "disabled", { actor: y, meta: meta() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await getDb().user.count({ where: { id: { in: [x.id, y.id] }, status: "active" } })).toBe(1);
  });

  it("ledgers each change with its actor, and ends the sessions in the same transaction", async () => {
    const boss = await admin();
    const target = await makeUser("analyst");
    const ids = await sessionsOf(target, 2);
    const r = await setUserStatus({ userId: target.id }, "disabled", { actor: boss, meta: meta() });
    expect(r).toEqual({ id: target.id, changed: true, sessionsEnded: 2 });
    for (const id of ids) expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
    const ended = await getDb().session.findMany({ where: { id: { in: ids } } });
    expect(ended.map((s) => [s.endReason, s.endedById])).toEqual([
      ["user_disabled", boss.id],
      ["user_disabled", boss.id],
    ]);
    await setUserStatus({ userId: target.id }, "active", { actor: boss, meta: meta() });
    await changeUserRole({ userId: target.id }, "auditor", { actor: boss, meta: meta() });
    // Unchanged: nothing written.
    expect(await changeUserRole({ userId: target.id }, "auditor", { actor: boss, meta: meta() })).toMatchObject({ changed: false });
    const entries = await ledgerFor({ resource: `user:${target.id}` });
    expect(entries.map((e) => [e.action, e.decision, e.actorId, e.actorRole])).toEqual([
      ["auth.user_disabled", "allow", boss.id, "privacy_admin"],
      ["auth.user_enabled", "allow", boss.id, "privacy_admin"],
      ["auth.user_role_changed", "allow", boss.id, "privacy_admin"],
    ]);
    expect(entries[0].payload).toEqual({ sessions_ended: 2 });
    expect(entries[2].payload).toEqual({ from: "analyst", to: "auditor", sessions_ended: 0 });
  });

  it("when the ledger cannot take the entry, the user is not disabled and their sessions go on", async () => {
    const boss = await admin();
    const target = await makeUser("analyst");
    const ids = await sessionsOf(target, 2);
    const before = await ledgerHeadSeq();
    for (const sql of FAIL_APPENDS) await rawExec(sql);
    const err = await setUserStatus({ userId: target.id }, "disabled", { actor: boss, meta: meta() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("unavailable");
    const roleErr = await changeUserRole({ userId: target.id }, "auditor", { actor: boss, meta: meta() }).catch((e: unknown) => e);
    expect((roleErr as AppError).code).toBe("unavailable");
    expect(await getDb().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ status: "active", role: "analyst" });
    const sessions = await getDb().session.findMany({ where: { id: { in: ids } } });
    expect(sessions.map((s) => s.endedAt)).toEqual([null, null]);
    expect(await ledgerHeadSeq()).toBe(before);
    for (const sql of HEAL) await rawExec(sql);
    for (const id of ids) expect((await checkSession(id)).ok).toBe(true);
  });

  it("an admin whose own account was just demoted changes nobody", async () => {
    const [boss, other] = [await admin(), await admin()];
    const target = await makeUser("analyst");
    await changeUserRole({ userId: boss.id }, "auditor", { actor: other, meta: meta() });
    // `boss` still holds the actor of a session that began as a privacy admin.
    await expect(setUserStatus({ userId: target.id }, "disabled", { actor: boss, meta: meta() })).rejects.toMatchObject({
      code: "forbidden",
      message: "Your account can no longer manage console users",
    });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("active");
  });

  it("answers not found for an unknown user", async () => {
    await expect(setUserStatus({ userId: "usr_doesnotexist" }, "disabled", { actor: null, meta: meta() })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(changeUserRole("nobody-here@auth.test", "analyst", { actor: null, meta: meta() })).rejects.toMatchObject({ code: "not_found" });
  });
});
