import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS } from "@/lib/core/permissions";

describe("role → permission table", () => {
  it("analysts cannot read or verify the ledger; auditors can", () => {
    expect(can({ role: "analyst" }, "ledger.read")).toBe(false);
    expect(can({ role: "analyst" }, "ledger.verify")).toBe(false);
    expect(can({ role: "auditor" }, "ledger.read")).toBe(true);
    expect(can({ role: "auditor" }, "ledger.verify")).toBe(true);
  });

  it("only privacy admins manage users and grants", () => {
    expect(can({ role: "privacy_admin" }, "user.manage")).toBe(true);
    expect(can({ role: "auditor" }, "user.manage")).toBe(false);
    expect(can({ role: "analyst" }, "grant.manage")).toBe(false);
  });

  it("nobody signed out can do anything", () => {
    for (const p of PERMISSIONS) expect(can(null, p)).toBe(false);
  });

  it("every role's permissions come from the one list", () => {
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS).toContain(p);
  });
});
