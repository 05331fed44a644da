// The verification panel (issue 7, decision 018): an auditor starts a verification of the whole ledger from the
// console, watches its progress, and reads the result; an analyst is refused (403, recorded).
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

test("auditor: from the ledger page to the verification panel, starts a verification and sees the ledger intact", async ({ page }) => {
  await signIn(page, DEMO.auditor);
  await page.goto("/ledger");
  await page.getByRole("link", { name: "Verification" }).click();
  await expect(page).toHaveURL(/\/ledger\/verify$/);
  await expect(page.getByRole("heading", { name: "Ledger verification", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Verify the ledger now" }).click();
  await expect(page.getByText("Verification started.")).toBeVisible();
  // The job runner picks it up within a poll; the page refreshes itself until the result is in.
  const result = page.getByTestId("verification-result");
  await expect(result.getByText("Intact")).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText("started by");
  await expect(result).toContainText("ledger ok:");
  await expect(page.getByRole("button", { name: "Verify the ledger now" })).toBeEnabled();
});

test("analyst: the verification panel is a 403 page", async ({ page }) => {
  await signIn(page, DEMO.analyst);
  expect((await page.goto("/ledger/verify"))?.status()).toBe(403);
  await expect(page.getByRole("button", { name: "Verify the ledger now" })).toHaveCount(0);
});
