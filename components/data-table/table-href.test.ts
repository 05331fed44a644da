import { describe, expect, it } from "vitest";
import { pickParam, sortHref, tableHref } from "./table-href";

describe("tableHref", () => {
  it("replaces and removes params, keeping the rest", () => {
    expect(tableHref("/ledger", { actor: "usr_1", cursor: "abc" }, { cursor: "def" })).toBe("/ledger?actor=usr_1&cursor=def");
    expect(tableHref("/ledger", { actor: "usr_1", cursor: "abc" }, { cursor: null })).toBe("/ledger?actor=usr_1");
    expect(tableHref("/ledger", {}, { cursor: undefined })).toBe("/ledger");
  });
  it("keeps repeated params and reads URLSearchParams", () => {
    expect(tableHref("/people", { tier: ["pii_basic", "pii_tax"] }, {})).toBe("/people?tier=pii_basic&tier=pii_tax");
    expect(tableHref("/people", new URLSearchParams("q=ann&cursor=x"), { cursor: "y" })).toBe("/people?q=ann&cursor=y");
  });
  it("encodes values", () => {
    expect(tableHref("/people", { q: "a&b c" }, {})).toBe("/people?q=a%26b+c");
  });
});

describe("sortHref", () => {
  it("sets sort and dir and drops the cursor", () => {
    expect(sortHref("/ledger", { cursor: "abc", actor: "usr_1" }, "seq", true)).toBe("/ledger?actor=usr_1&sort=seq&dir=desc");
  });
});

describe("pickParam", () => {
  const notices = { saved: "Saved", ended: "Ended" };
  it("names an entry by its own key only", () => {
    expect(pickParam(notices, "saved")).toBe("Saved");
    expect(pickParam(notices, ["ended", "saved"])).toBe("Ended");
    expect(pickParam(notices, undefined)).toBeUndefined();
    for (const hostile of ["__proto__", "constructor", "toString", "hasOwnProperty", ""]) expect(pickParam(notices, hostile)).toBeUndefined();
  });
});
