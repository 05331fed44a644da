import { createElement, type ComponentProps, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Fieldset } from "./field";
import { Input } from "./input";
import { Select } from "./select";
import { Textarea } from "./textarea";

/** The rendered markup as a DOM-less lookup: attributes of the element with `tag`, and the ids of the other parts. */
function parse(el: ReactElement, tag: string) {
  const html = renderToStaticMarkup(el);
  const control = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? "";
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(control)?.[1];
  const idOf = (text: string) => new RegExp(`<p id="([^"]+)"[^>]*>(?:<svg[^>]*>.*?</svg>)?(?:<span>)?${text}`).exec(html)?.[1];
  return { html, attr, idOf };
}

const OPTIONS = [
  { value: "", label: "Choose", disabled: true },
  { value: "a", label: "A" },
];

describe.each([
  ["Input", "input", (p: Record<string, unknown>) => createElement(Input, { label: "Reason", ...p })],
  ["Select", "select", (p: Record<string, unknown>) => createElement(Select, { label: "Reason", options: OPTIONS, ...p })],
  ["Textarea", "textarea", (p: Record<string, unknown>) => createElement(Textarea, { label: "Reason", ...p })],
])("%s in the field frame", (_name, tag, make) => {
  it("labels the control, and wires the hint and the error to it with aria-describedby and aria-invalid", () => {
    const { html, attr, idOf } = parse(make({ hint: "No personal data", error: "Too short", required: true }), tag);
    const id = attr("id");
    expect(id).toBeTruthy();
    expect(html).toContain(`<label for="${id}"`);
    expect(attr("aria-invalid")).toBe("true");
    expect(attr("required")).toBe("");
    expect(attr("aria-describedby")).toBe(`${idOf("No personal data")} ${idOf("Too short")}`);
    expect(idOf("Too short")).toBe(`${id}-error`);
  });

  it("without hint or error, describes nothing and is not invalid", () => {
    const { attr } = parse(make({}), tag);
    expect(attr("aria-describedby")).toBeUndefined();
    expect(attr("aria-invalid")).toBeUndefined();
    expect(attr("required")).toBeUndefined();
  });

  it("keeps a caller's own aria-describedby and aria-invalid, and a given id", () => {
    const { attr } = parse(make({ id: "own", "aria-describedby": "elsewhere", "aria-invalid": true, hint: "Hint" }), tag);
    expect(attr("id")).toBe("own");
    expect(attr("aria-describedby")).toBe("elsewhere own-hint");
    expect(attr("aria-invalid")).toBe("true");
  });
});

describe("Select", () => {
  it("renders its options as data, a disabled placeholder included", () => {
    const { html } = parse(createElement(Select, { label: "Tier", options: OPTIONS, defaultValue: "a" }), "select");
    expect(html).toMatch(/<option value="" disabled="">Choose<\/option><option value="a" selected="">A<\/option>/);
  });
});

describe("Fieldset", () => {
  it("names the group with its legend and describes it with the hint and the error", () => {
    // createElement's types want required children among the props; they come as the next argument instead.
    const props = { legend: "Tier", hint: "Pick one", error: "Choose a tier", required: true } as ComponentProps<typeof Fieldset>;
    const { attr, idOf, html } = parse(createElement(Fieldset, props, createElement("input", { type: "radio" })), "fieldset");
    expect(html).toMatch(/<legend[^>]*>Tier<span aria-hidden="true"[^>]*>\*<\/span><\/legend>/);
    expect(attr("aria-describedby")).toBe(`${idOf("Pick one")} ${idOf("Choose a tier")}`);
  });
});
