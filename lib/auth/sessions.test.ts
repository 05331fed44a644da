import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { changeUserRole, setUserStatus } from "./manage-user";
import { checkSession, listSessions, revokeSessions, signOutSession, startSession } from "./sessions";
import { ledgerFor, makeUser, meta } from "./test-helpers";

afterEach(() => pinClock(null));

async function userWithSessions(role: "analyst" | "auditor" | "privacy_admin", n = 1) {
  const u = await makeUser(role);
  const user = { id: u.id, email: u.email, name: "T", role };
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await startSession(user, "password", meta(), `Chrome 156 on Linux #${i}`)).id);
  return { user, ids };
}

describe("sessions", () => {
  it("sign-out ends the session for good: the same cookie (session id) no longer opens anything", async () => {
    const { user, ids } = await userWithSessions("analyst");
    expect(await checkSession(ids[0])).toMatchObject({ ok: true, user: { id: user.id } });
    await signOutSession(ids[0], meta());
    expect(await checkSession(ids[0])).toEqual({ ok: false, reason: "ended" });
    const [entry] = await ledgerFor({ resource: `user:${user.id}` });
    expect(entry).toMatchObject({ action: "auth.signed_out", actorId: user.id, actorRole: "analyst" });
    // Signing out twice records once.
    await signOutSession(ids[0], meta());
    expect(await ledgerFor({ resource: `user:${user.id}` })).toHaveLength(1);
  });

  it("disabling a user ends every session at once, and enabling does not revive them", async () => {
    const { user, ids } = await userWithSessions("analyst", 2);
    const r = await setUserStatus(user.email, "disabled", { actor: null, meta: meta() });
    expect(r).toMatchObject({ changed: true, sessionsEnded: 2 });
    for (const id of ids) expect((await checkSession(id)).ok).toBe(false);
    await setUserStatus(user.email, "active", { actor: null, meta: meta() });
    for (const id of ids) expect((await checkSession(id)).ok).toBe(false);
    const actions = (await ledgerFor({ resource: `user:${user.id}` })).map((e) => e.action);
    expect(actions).toEqual(["auth.user_disabled", "auth.user_enabled"]);
  });

  it("a role change ends the user's sessions, also when made directly in the database", async () => {
    const a = await userWithSessions("analyst");
    await changeUserRole(a.user.email, "auditor", { actor: null, meta: meta() });
    expect(await checkSession(a.ids[0])).toEqual({ ok: false, reason: "ended" });
    const b = await userWithSessions("analyst");
    await getDb().user.update({ where: { id: b.user.id }, data: { role: "privacy_admin" } });
    expect(await checkSession(b.ids[0])).toEqual({ ok: false, reason: "role_changed" });
    await expect.poll(async () => (await getDb().session.findUniqueOrThrow({ where: { id: b.ids[0] } })).endReason).toBe("role_changed");
  });

  it("an admin cannot disable or re-role themself", async () => {
    const admin = await makeUser("privacy_admin");
    await expect(setUserStatus(admin.email, "disabled", { actor: { id: admin.id, role: "privacy_admin" }, meta: meta() })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(changeUserRole(admin.email, "analyst", { actor: { id: admin.id, role: "privacy_admin" }, meta: meta() })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("a person ends their own other sessions; an admin signs anyone out everywhere; nobody else can", async () => {
    const me = await userWithSessions("analyst", 3);
    const actorMe = { id: me.user.id, role: me.user.role };
    expect(await revokeSessions(actorMe, { userId: me.user.id, exceptSessionId: me.ids[0] }, meta())).toBe(2);
    expect((await checkSession(me.ids[0])).ok).toBe(true);
    expect((await checkSession(me.ids[1])).ok).toBe(false);

    const other = await userWithSessions("auditor", 2);
    // Not yours and not an admin: the same answer as for a session that does not exist.
    await expect(revokeSessions(actorMe, { sessionId: other.ids[0] }, meta())).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeSessions(actorMe, { userId: other.user.id }, meta())).rejects.toMatchObject({ code: "not_found" });
    expect((await checkSession(other.ids[0])).ok).toBe(true);

    const admin = await makeUser("privacy_admin");
    expect(await revokeSessions({ id: admin.id, role: "privacy_admin" }, { userId: other.user.id }, meta())).toBe(2);
    for (const id of other.ids) expect((await checkSession(id)).ok).toBe(false);
    const [entry] = await ledgerFor({ resource: `user:${other.user.id}` });
    expect(entry).toMatchObject({ action: "auth.session_ended", actorId: admin.id, actorRole: "privacy_admin" });
    expect(entry.payload).toMatchObject({ sessions: 2, reason: "revoked", all: true });
  });

  it("lists a person's own active sessions; only a privacy admin lists everyone's", async () => {
    const me = await userWithSessions("auditor", 2);
    const own = await listSessions({ id: me.user.id, role: "auditor" }, "own");
    expect(own.map((s) => s.id).sort()).toEqual([...me.ids].sort());
    expect(own[0]).toMatchObject({ userEmail: me.user.email, method: "password" });
    expect(own.map((s) => s.device)).toContain("Chrome 156 on Linux #0");
    await expect(listSessions({ id: me.user.id, role: "auditor" }, "all")).rejects.toMatchObject({ code: "forbidden" });
    const admin = await makeUser("privacy_admin");
    const all = await listSessions({ id: admin.id, role: "privacy_admin" }, "all");
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining(me.ids));
  });

  it("records activity at most once a minute", async () => {
    const t0 = new Date(Date.now() + 7_200_000);
    pinClock(t0);
    const { ids } = await userWithSessions("analyst");
    pinClock(new Date(t0.getTime() + 30_000));
    await checkSession(ids[0]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await getDb().session.findUniqueOrThrow({ where: { id: ids[0] } })).lastSeenAt.getTime()).toBe(t0.getTime());
    pinClock(new Date(t0.getTime() + 90_000));
    await checkSession(ids[0]);
    await expect
      .poll(async () => (await getDb().session.findUniqueOrThrow({ where: { id: ids[0] } })).lastSeenAt.getTime())
      .toBe(t0.getTime() + 90_000);
  });

  it("reads the session row to the millisecond: the user as stored, expiry at its exact instant, an unknown id refused", async () => {
    const t0 = new Date(Date.now() + 3_600_000);
    pinClock(t0);
    const { user, ids } = await userWithSessions("auditor");
    expect(await checkSession(ids[0])).toEqual({ ok: true, user: { id: user.id, email: user.email, name: "Test auditor", role: "auditor" } });
    await getDb().session.update({ where: { id: ids[0] }, data: { expiresAt: new Date(t0.getTime() + 45_123) } });
    pinClock(new Date(t0.getTime() + 45_123));
    expect((await checkSession(ids[0])).ok).toBe(true);
    pinClock(new Date(t0.getTime() + 45_124));
    expect(await checkSession(ids[0])).toEqual({ ok: false, reason: "expired" });
    expect(await checkSession("ses_doesnotexist")).toEqual({ ok: false, reason: "unknown" });
  });
});
