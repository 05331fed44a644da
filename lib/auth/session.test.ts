import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { ledgerFor, makeUser, meta } from "./test-helpers";

// The session cookie is next-auth's business; here it names whichever user the test says.
const sessionState = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth/next", () => ({
  getServerSession: async () => (sessionState.userId ? { user: { id: sessionState.userId }, expires: "" } : null),
}));

const { getSessionUser, requirePermission, requireUser } = await import("./session");

beforeEach(() => {
  sessionState.userId = null;
});

describe("getSessionUser", () => {
  it("re-loads the user from the database, so a role change applies at once", async () => {
    const user = await makeUser("analyst");
    sessionState.userId = user.id;
    expect(await getSessionUser()).toMatchObject({ id: user.id, role: "analyst" });
    await getDb().user.update({ where: { id: user.id }, data: { role: "auditor" } });
    expect(await getSessionUser()).toMatchObject({ id: user.id, role: "auditor" });
  });

  it("returns null for a disabled or deleted user even with a valid session", async () => {
    const user = await makeUser("auditor");
    sessionState.userId = user.id;
    await getDb().user.update({ where: { id: user.id }, data: { status: "disabled" } });
    expect(await getSessionUser()).toBeNull();
    sessionState.userId = "usr_doesnotexist";
    expect(await getSessionUser()).toBeNull();
  });

  it("requireUser throws unauthenticated when signed out", async () => {
    await expect(requireUser()).rejects.toMatchObject({ code: "unauthenticated", status: 401 });
  });
});

describe("requirePermission", () => {
  it("lets an auditor read the ledger and records nothing", async () => {
    const auditor = await makeUser("auditor");
    await expect(requirePermission({ ...auditor, name: "A" }, "ledger.read", meta())).resolves.toBeUndefined();
    expect(await ledgerFor({ actorId: auditor.id })).toHaveLength(0);
  });

  it("refuses an analyst the ledger with a 403 and records the attempt", async () => {
    const analyst = await makeUser("analyst");
    const m = meta();
    const err = await requirePermission({ ...analyst, name: "B" }, "ledger.read", m).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "forbidden", status: 403 });
    const entries = await ledgerFor({ actorId: analyst.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "console.access_denied",
      decision: "deny",
      actorRole: "analyst",
      resource: "permission:ledger.read",
      purpose: "",
      requestId: m.requestId,
    });
  });
});
