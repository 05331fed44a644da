import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: [true, null, "x"] }, '{"a":[true,null,"x"],"b":1}'],
    [{ "\u00e9": 1, z: 2, A: 3 }, '{"A":3,"z":2,"\u00e9":1}'],
    [{ nested: { y: 1, x: { d: 0, c: -1.5 } } }, '{"nested":{"x":{"c":-1.5,"d":0},"y":1}}'],
    ['line\nbreak "quoted" \u2028', '"line\\nbreak \\"quoted\\" \u2028"'],
    [1e21, "1e+21"],
    [0.1, "0.1"],
    [{ skip: undefined, keep: 0 }, '{"keep":0}'],
  ])("%j → %s", (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it("refuses values JSON cannot carry faithfully", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(Infinity)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});
