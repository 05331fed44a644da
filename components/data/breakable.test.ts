import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Breakable } from "./breakable";

const html = (text: string, after?: string) => renderToStaticMarkup(createElement(Breakable, { text, after }));

describe("Breakable", () => {
  it.each([
    ["grant:grt_v4q9a3mje3qn", undefined, "grant:<wbr/>grt_v4q9a3mje3qn"],
    ["people.record_viewed", undefined, "people.<wbr/>record_viewed"],
    ["privacy@warden.test", "@", "privacy@<wbr/>warden.test"],
    ["usr_pegxcz7903ec", undefined, "usr_pegxcz7903ec"],
    ["", undefined, ""],
    ["a:", undefined, "a:<wbr/>"],
  ])("%s (after %s) → %s", (text, after, expected) => {
    expect(html(text, after)).toBe(expected);
  });

  it("keeps the text exactly: only <wbr> is added", () => {
    const text = "x@y.z/w:v";
    expect(html(text).replaceAll("<wbr/>", "")).toBe(text);
  });
});
