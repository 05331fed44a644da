import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/errors";
import { ledgerFor, makeUser, meta } from "./test-helpers";

// getServerSession is next-auth's; its session callback (tested in options.test.ts) has already checked the session
// row and re-read the user. Here it answers with whichever user the test says.
const sessionState = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; role: string } }));
vi.mock("next-auth/next", () => ({
  getServerSession: async () => (sessionState.user ? { user: sessionState.user, expires: "" } : null),
}));

const { getSessionUser, requirePermission, requireUser } = await import("./session");

beforeEach(() => {
  sessionState.user = null;
});

describe("getSessionUser", () => {
  it("is the session's user, or null when there is no session", async () => {
    expect(await getSessionUser()).toBeNull();
    const user = await makeUser("analyst");
    sessionState.user = { id: user.id, email: user.email, name: "A", role: "analyst" };
    expect(await getSessionUser()).toMatchObject({ id: user.id, role: "analyst" });
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
