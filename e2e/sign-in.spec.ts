// Journey: signing in and out, wrong passwords, and the lockout after repeated failures.
import { expect, test } from "@playwright/test";
import { demoPassword, DEMO, signIn, signInError, signOut } from "./fixtures";

test("sign in, see your role, sign out", async ({ page }) => {
  await signIn(page, DEMO.analyst);
  await expect(page.getByText(DEMO.analyst).first()).toBeVisible();
  await signOut(page);
  await page.goto("/people");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.analyst2);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(signInError(page)).toContainText(/incorrect/i);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("repeated failures lock the account: even the right password is refused, and the lock is recorded", async ({ page }) => {
  const attempt = async (password: string) => {
    await page.getByLabel("Email").fill(DEMO.lockout);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // The form re-enables once the server has answered.
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
    await expect(signInError(page)).toContainText(/incorrect|locked/i);
  };
  await page.goto("/sign-in");
  for (let i = 0; i < 5; i++) await attempt(`wrong-${i}`);
  await attempt(demoPassword());
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, DEMO.auditor);
  await page.goto("/ledger");
  await expect(page.locator("tr", { hasText: "auth.account_locked" }).first()).toBeVisible();
});
