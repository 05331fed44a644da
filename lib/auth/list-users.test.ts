import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { grantScopes } from "@/lib/test/fixtures";
import { listUsers } from "./list-users";

const reader = { role: "auditor" as const };

/** Users whose names share a marker no other test uses, so filters find exactly them. */
async function cohort() {
  const marker = `Zq${randomUUID().slice(0, 8)}`;
  const make = async (
    name: string,
    role: string,
    extra: { status?: string; passwordHash?: string | null; oidcSubject?: string | null; lastSignInAt?: Date | null } = {},
  ) => {
    const id = newId("usr");
    await getDb().user.create({
      data: { id, email: `${name.toLowerCase()}-${id}@list.test`, name: `${marker} ${name}`, role, passwordHash: "x", ...extra },
    });
    return id;
  };
  const ada = await make("Ada", "privacy_admin", { lastSignInAt: new Date("2026-01-02T00:00:00Z") });
  const bob = await make("Bob", "analyst", { status: "disabled", passwordHash: null, oidcSubject: `sub-${randomUUID()}` });
  const cyd = await make("Cyd", "analyst", { lastSignInAt: new Date("2026-03-04T00:00:00Z"), oidcSubject: `sub-${randomUUID()}` });
  const dee = await make("Dee", "auditor", { passwordHash: null });
  return { marker, ada, bob, cyd, dee };
}

describe("listUsers", () => {
  it("filters by text (case-insensitive, name or email), role and status", async () => {
    const c = await cohort();
    const names = async (q: Parameters<typeof listUsers>[1]) => (await listUsers(reader, q)).rows.map((r) => r.name.split(" ")[1]);
    expect(await names({ q: c.marker.toUpperCase() })).toEqual(["Ada", "Bob", "Cyd", "Dee"]);
    expect(await names({ q: c.marker, role: "analyst" })).toEqual(["Bob", "Cyd"]);
    expect(await names({ q: c.marker, status: "disabled" })).toEqual(["Bob"]);
    // The email matches too (emails are stored lower-case; the query need not be).
    const page = await listUsers(reader, { q: `CYD-${c.cyd}` });
    expect(page.rows.map((r) => r.id)).toEqual([c.cyd]);
    expect(page.total).toBe(1);
  });

  it("sorts on the server, never-signed-in last, and pages without overlap", async () => {
    const c = await cohort();
    const byLast = await listUsers(reader, { q: c.marker, sort: "lastSignInAt", dir: "desc" });
    expect(byLast.rows.slice(0, 2).map((r) => r.id)).toEqual([c.cyd, c.ada]);
    expect(byLast.rows.slice(2).map((r) => r.lastSignInAt)).toEqual([null, null]);
    const byLastAsc = await listUsers(reader, { q: c.marker, sort: "lastSignInAt", dir: "asc" });
    expect(byLastAsc.rows.slice(0, 2).map((r) => r.id)).toEqual([c.ada, c.cyd]);
    const byNameDesc = await listUsers(reader, { q: c.marker, sort: "name", dir: "desc" });
    expect(byNameDesc.rows.map((r) => r.id)).toEqual([c.dee, c.cyd, c.bob, c.ada]);
    const first = await listUsers(reader, { q: c.marker, limit: 3 });
    expect(first).toMatchObject({ total: 4, nextCursor: "3", prevCursor: null });
    const second = await listUsers(reader, { q: c.marker, limit: 3, cursor: first.nextCursor! });
    expect(second.rows.map((r) => r.id)).toEqual([c.dee]);
    expect(second).toMatchObject({ nextCursor: null, prevCursor: "0" });
  });

  it("says how each person signs in and counts only grants active now", async () => {
    const c = await cohort();
    await grantScopes(c.cyd, ["pii_basic", "pii_tax"]);
    await getDb().grant.updateMany({ where: { userId: c.cyd, scope: "pii_tax" }, data: { status: "revoked" } });
    const rows = new Map((await listUsers(reader, { q: c.marker })).rows.map((r) => [r.id, r]));
    expect(rows.get(c.ada)).toMatchObject({ signIn: "password", activeGrants: 0, role: "privacy_admin", status: "active" });
    expect(rows.get(c.bob)).toMatchObject({ signIn: "sso", status: "disabled" });
    expect(rows.get(c.cyd)).toMatchObject({ signIn: "password_and_sso", activeGrants: 1 });
    expect(rows.get(c.dee)).toMatchObject({ signIn: "sso_pending" });
  });

  it("ignores bad parameters rather than failing, and refuses a role without user.read", async () => {
    const page = await listUsers(reader, { sort: "password_hash" as never, dir: "sideways" as never, cursor: "-5", role: "root" as never, limit: 5 });
    expect(page.rows.length).toBeLessThanOrEqual(5);
    await expect(listUsers({ role: "analyst" }, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
