// Bad input gets a clear message next to the field, never a 500 and never a stack trace.
import { expect, test } from "@playwright/test";
import { DEMO, signIn, uniquePurpose } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.analyst);
});

test("a search without a purpose is refused with the field named", async ({ page }) => {
  const response = await page.goto("/people?q=smith&purpose=");
  expect(response?.status()).toBe(200);
  await expect(page.getByText("Say why you need this data")).toBeVisible();
  await expect(page.getByLabel("Purpose")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("table")).toHaveCount(0);
});

test("SQL-ish and wildcard searches are plain text and match nobody", async ({ page }) => {
  for (const q of ["' OR 1=1 --", "%", "_%_", "Robert'); DROP TABLE people;--"]) {
    const response = await page.goto(`/people?q=${encodeURIComponent(q)}&purpose=${encodeURIComponent(uniquePurpose("Injection check"))}`);
    expect(response?.status()).toBeLessThan(500);
    await expect(page.locator("body")).not.toContainText(/stack|TypeError|SQLITE/i);
    const errorOrEmpty = page.getByText(/No one matches this search|at least 2 characters/);
    await expect(errorOrEmpty.first()).toBeVisible();
  }
});

test("oversized fields are refused with a clear message", async ({ page }) => {
  const response = await page.goto(`/people?q=${"a".repeat(5000)}&purpose=${"b".repeat(5000)}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByText(/under 100 characters|under 200 characters/).first()).toBeVisible();
});

test("an unknown or malformed person id says so, with no 500", async ({ page }) => {
  const unknown = await page.goto(`/people/usr_doesnotexist00?purpose=${encodeURIComponent(uniquePurpose("Unknown id"))}`);
  expect(unknown?.status()).toBe(404);
  await expect(page.getByText("No person with that id")).toBeVisible();

  const malformed = await page.goto(`/people/${encodeURIComponent("1 OR 1=1")}?purpose=${encodeURIComponent(uniquePurpose("Bad id"))}`);
  expect(malformed?.status()).toBeLessThan(500);
  await expect(page.getByText("That is not a person id")).toBeVisible();
});

test("opening a record without a purpose asks for one first", async ({ page }) => {
  await page.goto("/people/usr_anything1234");
  await expect(page.getByRole("button", { name: "Open record" })).toBeVisible();
  await expect(page.locator("[data-state]")).toHaveCount(0);
});
