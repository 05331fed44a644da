import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

describe("safeCallbackPath", () => {
  it.each([
    ["/ledger", "/ledger"],
    ["/people?q=x#top", "/people?q=x#top"],
    [undefined, "/"],
    ["", "/"],
    ["ledger", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it("accepts an absolute URL only on the given origin", () => {
    expect(safeCallbackPath("http://localhost:3000/ledger?x=1", "http://localhost:3000")).toBe("/ledger?x=1");
    expect(safeCallbackPath("http://evil.example/ledger", "http://localhost:3000")).toBe("/");
    expect(safeCallbackPath("http://localhost:3000/ledger")).toBe("/");
  });
});
