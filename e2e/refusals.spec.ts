// Each role is refused where it must be: on the server (403 / redirect), not only by hidden links.
import { expect, test } from "@playwright/test";
import { DEMO, searchPeople, signIn, uniquePurpose } from "./fixtures";

test("signed out: every console page redirects to sign-in", async ({ page }) => {
  for (const path of ["/", "/people", "/ledger", "/people/usr_0000000000"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  }
});

test("analyst: the ledger is a 403 page, hidden from navigation, and the attempt is recorded", async ({ page, browser }) => {
  await signIn(page, DEMO.analyst);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access ledger" })).toHaveCount(0);
  const response = await page.goto("/ledger");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

  const auditor = await browser.newPage();
  await signIn(auditor, DEMO.auditor);
  await auditor.goto("/ledger");
  const denial = auditor.locator("tr", { hasText: "console.access_denied" }).filter({ hasText: DEMO.analyst }).first();
  await expect(denial).toBeVisible();
  await expect(denial.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await auditor.close();
});

test("auditor: People is a 403 page and is not in the navigation", async ({ page }) => {
  await signIn(page, DEMO.auditor);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" })).toHaveCount(0);
  const response = await page.goto("/people");
  expect(response?.status()).toBe(403);
  expect(await page.locator("table").count()).toBe(0);
});

test("privacy admin: can read the ledger and search, but holds no grants so PII stays masked", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  expect((await page.goto("/ledger"))?.status()).toBe(200);
  const refused = await searchPeople(page, "ma", uniquePurpose("Admin check"));
  expect(refused.status()).toBe(403);
  await expect(page.getByText("Searching by name needs an active pii_basic grant")).toBeVisible();
  await expect(page.locator("table")).toHaveCount(0);
});
