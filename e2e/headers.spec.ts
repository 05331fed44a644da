// Security headers as a browser gets them: a per-response nonce-based script CSP without 'unsafe-inline', every
// inline script carrying that nonce, and a console that still works under it (no CSP violation on a journey).
import { expect, test } from "@playwright/test";
import { DEMO, searchPeople, signIn, somePerson, uniquePurpose } from "./fixtures";

function scriptSrc(csp: string | undefined): string {
  return (
    (csp ?? "")
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src")) ?? ""
  );
}

test("every page carries a fresh script nonce, no 'unsafe-inline' for scripts, and its inline scripts use the nonce", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const src = scriptSrc(first.headers()["content-security-policy"]);
  expect(src).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(src).not.toContain("unsafe-inline");
  expect(src).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(src)![1];
  expect(/'nonce-([^']+)'/.exec(scriptSrc(second.headers()["content-security-policy"]))![1]).not.toBe(nonce);
  const html = await first.text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
  expect(inline.length).toBeGreaterThan(0);
  for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
  // Over plain http there is no HSTS (a browser would ignore it; NEXTAUTH_URL=https turns it on).
  expect(first.headers()["strict-transport-security"]).toBeUndefined();
  expect(first.headers()["x-frame-options"]).toBe("DENY");
});

test("the console works under the CSP: no violation while signing in, searching and opening a record", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const person = somePerson(11);
  await signIn(page, DEMO.analyst);
  expect((await searchPeople(page, person.lastName, uniquePurpose("CSP check"))).status()).toBe(200);
  await page.locator("tr", { hasText: person.fullName }).getByRole("button").first().click();
  await expect(page.getByTestId("decision-summary")).toBeVisible();
  expect(violations).toEqual([]);
});
