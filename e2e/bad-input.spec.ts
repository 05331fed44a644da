// Bad input gets a clear message next to the field and an honest status, never a 500 and never a stack trace.
import { expect, test } from "@playwright/test";
import { DEMO, ledgerHead, openRecord, searchPeople, signIn, somePerson, uniquePurpose } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.analyst);
});

test("a search without a purpose is refused with 422 and the field named", async ({ page }) => {
  await page.goto("/people");
  // The browser would refuse the empty required field itself: drop `required` to send what a script could.
  await page.getByLabel("Purpose").evaluate((el) => el.removeAttribute("required"));
  const response = await searchPeople(page, "smith", "");
  expect(response.status()).toBe(422);
  await expect(page.getByText("Say why you need this data")).toBeVisible();
  await expect(page.getByLabel("Purpose")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name or person id")).toHaveValue("smith");
  await expect(page.locator("table")).toHaveCount(0);
});

test("a purpose carrying personal data is refused with 422, says why, and records nothing", async ({ page }) => {
  const head = ledgerHead();
  const response = await searchPeople(page, "smith", "Call Jane Doe jane.doe@example.com 555-0100");
  expect(response.status()).toBe(422);
  await expect(page.getByText(/contains what looks like an email address and a phone number/)).toBeVisible();
  expect(ledgerHead()).toBe(head);
});

test("SQL-ish and wildcard searches are plain text and match nobody", async ({ page }) => {
  for (const q of ["' OR 1=1 --", "%%", "_%_", "Robert'); DROP TABLE people;--"]) {
    const response = await searchPeople(page, q, uniquePurpose("Injection check"));
    expect(response.status()).toBeLessThan(500);
    await expect(page.locator("body")).not.toContainText(/stack|TypeError|SQLITE/i);
    await expect(page.getByText(/No one matches this search|at least 2 characters/).first()).toBeVisible();
  }
});

test("oversized fields are refused with 422 and a clear message", async ({ page }) => {
  await page.goto("/people");
  for (const label of ["Name or person id", "Purpose"]) await page.getByLabel(label).evaluate((el) => el.removeAttribute("maxlength"));
  const response = await searchPeople(page, "a".repeat(5000), "b".repeat(5000));
  expect(response.status()).toBe(422);
  await expect(page.getByText(/under 100 characters|under 200 characters/).first()).toBeVisible();
});

test("an unknown person id answers 404; a malformed one 422, without internal field names", async ({ page }) => {
  const unknown = await openRecord(page, "usr_doesnotexist00", uniquePurpose("Unknown id"));
  expect(unknown.status()).toBe(404);
  await expect(page.getByText(/No person with id usr_doesnotexist00/)).toBeVisible();

  for (const bad of ["1 OR 1=1", "../../etc/passwd", "usr_x"]) {
    const malformed = await page.goto(`/people/${encodeURIComponent(bad)}`);
    expect(malformed?.status()).toBe(422);
    await expect(page.getByRole("heading", { name: "That is not a person id" })).toBeVisible();
    await expect(page.locator("main")).not.toContainText("personId");
  }
});

test("opening a record asks for the purpose first, and never takes it from the address", async ({ page }) => {
  const person = somePerson(5);
  const head = ledgerHead();
  const response = await page.goto(`/people/${person.id}?purpose=${encodeURIComponent("Sneaky purpose in URL")}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Open record" })).toBeVisible();
  await expect(page.getByLabel("Purpose")).toHaveValue("");
  await expect(page.locator("[data-state]")).toHaveCount(0);
  expect(ledgerHead()).toBe(head);
});
