// Journey: a privacy admin manages console users. They create an account (its temporary password is shown once),
// the new person signs in with it, and disabling the account signs them out on their very next request; the admin
// cannot disable their own account (the button is not offered, and a forged form is refused with a 403).
import { expect, test, type Page } from "@playwright/test";
import { actionResponse, DEMO, signIn } from "./fixtures";

async function openUser(page: Page, email: string, name: string): Promise<string> {
  await page.goto(`/users?q=${encodeURIComponent(email)}`);
  const table = page.getByRole("region", { name: "Console users" });
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await table.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

test("a privacy admin creates a user, who signs in and is signed out on their next request once disabled", async ({ browser }) => {
  const admin = await browser.newContext();
  const page = await admin.newPage();
  await signIn(page, DEMO.privacy);
  await page.goto("/users");

  const email = `console-made-${Date.now().toString(36)}@warden.test`;
  const form = page.getByRole("form", { name: "Create a console user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Console Made");
  await form.getByLabel("Role").selectOption("analyst");
  // With single sign-on configured the admin picks the method; without it, a password is the only way in.
  const method = form.locator('select[name="signIn"]');
  if ((await method.count()) > 0) await method.selectOption("password");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("created-user")).toContainText(email);
  const password = (await page.getByTestId("temporary-password").textContent())!.trim();
  expect(password).toMatch(/^[a-z2-9]{6}(-[a-z2-9]{6}){3}$/);
  // Shown once: it is in that response only.
  await page.reload();
  await expect(page.getByTestId("temporary-password")).toHaveCount(0);

  const person = await browser.newContext();
  const personPage = await person.newPage();
  await signIn(personPage, email, password);
  await expect(personPage.getByTestId("current-user")).toContainText(email);

  await openUser(page, email, "Console Made");
  await page.getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByText("Account disabled. 1 session was ended at once.")).toBeVisible();
  await expect(page.locator('header [data-status="disabled"]')).toBeVisible();

  // Their next request finds the session ended.
  await personPage.goto("/people");
  await expect(personPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  expect(await (await personPage.request.get("/api/auth/session")).json()).toEqual({});

  // The account's history shows who did what.
  const history = page.getByRole("region", { name: "Access history, newest first" });
  await expect(history.locator("tbody tr").first()).toContainText("Account disabled");
  await expect(history.locator("tbody tr").first()).toContainText(DEMO.privacy);
  await expect(history.locator("tbody tr").last()).toContainText("Account created");

  await page.getByRole("button", { name: "Re-enable account" }).click();
  await expect(page.getByText("Account re-enabled.")).toBeVisible();
  await signIn(personPage, email, password);
  await person.close();
  await admin.close();
});

test("an admin is not offered, and is refused, disabling their own account", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  const ownId = await openUser(page, DEMO.privacy, (await page.getByTestId("current-user").locator("p").first().textContent())!.trim());
  await expect(page.getByText("This is your own account: you cannot disable it or change its role.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Disable account" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Change role" })).toHaveCount(0);

  // A forged form: another person's Disable button, pointed at one's own account.
  await openUser(page, DEMO.analyst2, (await nameOf(page, DEMO.analyst2))!);
  await page.locator('form[aria-label^="Disable"] input[name="userId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), ownId);
  const response = actionResponse(page);
  await page.getByRole("button", { name: "Disable account" }).click();
  expect((await response).status()).toBe(403);
  await expect(page.getByText("You cannot disable your own account")).toBeVisible();
  // Still signed in, still active; and the analyst was not touched.
  await page.goto(`/users/${ownId}`);
  await expect(page.locator('header [data-status="active"]')).toBeVisible();
  await openUser(page, DEMO.analyst2, (await nameOf(page, DEMO.analyst2))!);
  await expect(page.locator('header [data-status="active"]')).toBeVisible();
});

async function nameOf(page: Page, email: string): Promise<string | null> {
  await page.goto(`/users?q=${encodeURIComponent(email)}`);
  return page.getByRole("region", { name: "Console users" }).locator("tbody tr").first().locator("td").first().textContent();
}
