import { describe, expect, it } from "vitest";
import { escapeHtml, markup, SafeHtml } from "./markup";

describe("markup", () => {
  it("escapes every interpolated value, in text and in attributes, and splices only its own results unescaped", () => {
    const evil = `"><script>alert('x')</script>&`;
    const out = markup`<span title="${evil}">${evil}</span>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.value).toBe(
      '<span title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</span>',
    );
    expect(markup`<b>${markup`<i>${"<"}</i>`}</b>`.value).toBe("<b><i>&lt;</i></b>");
    // A string that looks like markup is still text: only SafeHtml passes through.
    expect(markup`${"<i>x</i>"}`.value).toBe("&lt;i&gt;x&lt;/i&gt;");
    expect(markup`${{ value: "<i>" } as unknown as string}`.value).toBe("[object Object]");
  });

  it("writes nothing for null, undefined and false, numbers as text, and arrays item by item", () => {
    expect(markup`a${null}b${undefined}c${false}d`.value).toBe("abcd");
    expect(markup`#${1000517}`.value).toBe("#1000517");
    expect(markup`<ul>${["<", markup`<li>1</li>`]}</ul>`.value).toBe("<ul>&lt;<li>1</li></ul>");
    expect(escapeHtml("a & b")).toBe("a &amp; b");
  });
});
