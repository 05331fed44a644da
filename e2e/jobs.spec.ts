// The Jobs panel: privacy admins see each kind's last and next run (the server's runner ran the recurring kinds
// at start); every other role is refused on the server.
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

test("privacy admin: each kind's last run, outcome and next run, sortable with the state in the URL", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
  await expect(page.getByTestId("runner-mode")).toContainText("This server runs due jobs itself");

  const housekeeping = page.locator("tr", { hasText: "auth.housekeeping" });
  // The runner runs due jobs at start; give it a poll in case the page came first.
  await expect(async () => {
    await page.reload();
    await expect(housekeeping.locator("[data-outcome]")).toHaveAttribute("data-outcome", "succeeded", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(housekeeping).toContainText("every minute");
  await expect(housekeeping).toContainText(/aggregates \d+ · rateLimits \d+ · sessions \d+/);
  await expect(page.locator("tr", { hasText: "jobs.prune_history" })).toContainText("every hour");

  await page.getByRole("link", { name: "Failed (30 d)" }).click();
  await expect(page).toHaveURL(/\/jobs\?sort=failed&dir=desc$/);
  await expect(page.getByRole("heading", { name: "Failed tries" })).toBeVisible();
  await expect(page.getByText("No failed tries in the last 30 days.").first()).toBeVisible();

  // A row opens that kind's failed tries.
  await housekeeping.getByRole("link", { name: /auth\.housekeeping/ }).click();
  await expect(page).toHaveURL(/\/jobs\?kind=auth\.housekeeping#failures$/);
  await expect(page.getByText("No failed tries of auth.housekeeping in the last 30 days.").first()).toBeVisible();
});

test("a link the panel did not make is answered 422 with what was wrong", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  const response = await page.goto("/jobs?cursor=nonsense");
  expect(response?.status()).toBe(422);
  await expect(page.getByText("This link's cursor is not valid")).toBeVisible();
});

test("analyst and auditor: the Jobs panel is a 403 page and not in the navigation", async ({ page }) => {
  for (const who of [DEMO.analyst, DEMO.auditor]) {
    await signIn(page, who);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" })).toHaveCount(0);
    expect((await page.goto("/jobs"))?.status()).toBe(403);
    await expect(page.locator("table")).toHaveCount(0);
    await page.context().clearCookies();
  }
});
