// Journey: sessions that really end. A cookie copied before sign-out is worthless after it; the Sessions page shows
// where you are signed in and signs other browsers out; a privacy admin signs someone out everywhere; disabling
// an account or changing its role ends its sessions at once; sign-out works before JavaScript has loaded.
import { execFileSync } from "node:child_process";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

async function signedInContext(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await signIn(await context.newPage(), email);
  return context;
}

function warden(...args: string[]): string {
  return execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args], { env: process.env, encoding: "utf8" });
}

test("a session cookie copied before sign-out opens nothing after it, and /api/auth/session names no one", async ({ browser }) => {
  const original = await signedInContext(browser, DEMO.sessions);
  const stolen = await browser.newContext();
  await stolen.addCookies(await original.cookies());
  const thief = await stolen.newPage();
  expect((await thief.goto("/people"))?.status()).toBe(200);

  const page = original.pages()[0];
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);

  await thief.goto("/people");
  await expect(thief).toHaveURL(/\/sign-in\?callbackUrl=/);
  const session = await thief.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
  await original.close();
  await stolen.close();
});

test("sign-out is a plain form: it works with JavaScript off", async ({ browser }) => {
  const context = await signedInContext(browser, DEMO.sessions);
  const cookies = await context.cookies();
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(cookies);
  const page = await noJs.newPage();
  await page.goto("/sessions");
  await page.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The session itself ended, not just this browser's cookie: the other copy is signed out too.
  const other = await context.newPage();
  await other.goto("/");
  await expect(other).toHaveURL(/\/sign-in/);
  await context.close();
  await noJs.close();
});

test("the Sessions page lists this browser and another, and signs the other one out", async ({ browser }) => {
  const laptop = await signedInContext(browser, DEMO.sessions);
  const phone = await signedInContext(browser, DEMO.sessions);
  const page = laptop.pages()[0];
  await page.goto("/sessions");
  const own = page.locator("section", { has: page.getByRole("heading", { name: "Your sessions" }) });
  await expect(own.locator("[data-session-id]")).toHaveCount(2);
  await expect(own.getByText("This browser")).toHaveCount(1);
  await expect(own.locator("[data-session-id]").first()).toContainText(/Chrom(e|ium) \d+ on (Linux|Windows)/);
  await own.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(page.getByText("Signed out. That browser must sign in again.")).toBeVisible();
  await expect(own.locator("[data-session-id]")).toHaveCount(1);

  const phonePage = phone.pages()[0];
  await phonePage.goto("/");
  await expect(phonePage).toHaveURL(/\/sign-in/);
  // The laptop is still signed in.
  expect((await page.goto("/"))?.status()).toBe(200);
  await laptop.close();
  await phone.close();
});

test("a privacy admin sees everyone's sessions and signs a person out everywhere; others cannot see them", async ({ browser }) => {
  const victim = await signedInContext(browser, DEMO.sessions);
  const admin = await signedInContext(browser, DEMO.privacy);
  const page = admin.pages()[0];
  await page.goto("/sessions");
  const group = page.locator(`[data-user-sessions="${DEMO.sessions}"]`);
  await expect(group).toBeVisible();
  await group.getByRole("button", { name: `Sign ${DEMO.sessions} out everywhere` }).click();
  await expect(page.getByText("Signed out. That browser must sign in again.")).toBeVisible();
  await expect(page.locator(`[data-user-sessions="${DEMO.sessions}"]`)).toHaveCount(0);
  const victimPage = victim.pages()[0];
  await victimPage.goto("/");
  await expect(victimPage).toHaveURL(/\/sign-in/);

  const analyst = await signedInContext(browser, DEMO.analyst);
  const analystPage = analyst.pages()[0];
  await analystPage.goto("/sessions");
  await expect(analystPage.getByRole("heading", { name: "Everyone's active sessions" })).toHaveCount(0);
  await victim.close();
  await admin.close();
  await analyst.close();
});

test("disabling an account or changing its role ends its sessions at once", async ({ browser }) => {
  const context = await signedInContext(browser, DEMO.disableMe);
  const page = context.pages()[0];
  try {
    expect(warden("user", "set-role", "--email", DEMO.disableMe, "--role", "auditor")).toMatch(/1 session\(s\) ended/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, DEMO.disableMe);
    await expect(page.getByText("Auditor").first()).toBeVisible();
    expect(warden("user", "disable", "--email", DEMO.disableMe)).toMatch(/disabled, 1 session\(s\) ended/);
    await page.goto("/ledger");
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  } finally {
    warden("user", "enable", "--email", DEMO.disableMe);
    warden("user", "set-role", "--email", DEMO.disableMe, "--role", "analyst");
    await context.close();
  }
});
