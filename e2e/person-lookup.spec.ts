// Journey: an analyst looks a member up; what they see depends on their grants. The search and the record are
// POSTed (no name or purpose in any URL), going back to the results reads nothing again, and an auditor finds both
// look-ups in the access ledger with the right decisions.
import { expect, test } from "@playwright/test";
import { cell, DEMO, ledgerHead, openRecord, searchPeople, signIn, signOut, somePerson, uniquePurpose } from "./fixtures";

const person = somePerson(3);

test("analyst with pii_basic + pii_sensitive: contact in clear, TIN and payouts masked, background status withheld; back to the same results", async ({
  page,
}) => {
  const purpose = uniquePurpose("Support ticket SUP");
  await signIn(page, DEMO.analyst);
  await page.getByRole("link", { name: "People" }).first().click();
  const search = await searchPeople(page, person.lastName, purpose);
  expect(search.status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "recorded as ledger entry" })).toBeVisible();
  // Neither the name nor the purpose is in the address; the results are named by an opaque id.
  expect(page.url()).toMatch(/\/people\?s=viw_[0-9a-z]+$/);
  expect(page.url()).not.toContain(encodeURIComponent(person.lastName));
  const resultsUrl = page.url();
  const row = page.locator("tr", { hasText: person.fullName });
  await expect(row.locator('[data-column="full_name"]')).toHaveAttribute("data-state", "clear");
  await row.getByRole("button", { name: `Open the record of ${person.id}` }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(person.fullName);
  expect(page.url()).toMatch(new RegExp(`/people/${person.id}\\?v=viw_[0-9a-z]+&from=viw_`));
  expect(page.url()).not.toContain("purpose");
  for (const column of ["phone", "street_address", "postal_code", "email"]) {
    await expect(cell(page, column)).toHaveAttribute("data-state", "clear");
  }
  await expect(cell(page, "tin")).toHaveAttribute("data-state", "masked");
  await expect(cell(page, "tin")).toContainText(/•••-••-\d{4}/);
  // The reason is on hover (title) and for assistive tech (aria-label).
  await expect(cell(page, "tin").locator("[title]").first()).toHaveAttribute("title", /pii_tax/);
  await expect(cell(page, "background_check_status")).toHaveAttribute("data-state", "withheld");
  // The catalogue's rules (decision 023): the 1099 amount rounded to a bucket, the check's reference a keyed token
  // (e2e/catalog.spec.ts checks the token's form on a person who has a report).
  await expect(cell(page, "payout_1099_cents")).toHaveAttribute("data-state", "masked");
  await expect(cell(page, "payout_1099_cents")).toContainText(/(\d0000|\b0)\s*masked/);
  await expect(cell(page, "background_check_ref")).toHaveAttribute("data-state", "masked");
  await expect(page.getByTestId("decision-summary")).toContainText("3 masked");

  // Back to the results: the same rows, and no new ledger entry (nothing was read again). A reload neither.
  const head = ledgerHead();
  await page.getByRole("link", { name: /Back to the results/ }).click();
  await expect(page).toHaveURL(resultsUrl);
  await expect(page.locator("tr", { hasText: person.fullName })).toHaveCount(1);
  await expect(page.getByLabel("Name or person id")).toHaveValue(person.lastName);
  await page.reload();
  await expect(page.locator("tr", { hasText: person.fullName })).toHaveCount(1);
  expect(ledgerHead()).toBe(head);
});

test("analyst with no grants: every personal column masked or withheld, name search refused with 403", async ({ page }) => {
  const purpose = uniquePurpose("Payout dispute");
  await signIn(page, DEMO.analyst2);
  const refused = await searchPeople(page, person.lastName, purpose);
  expect(refused.status()).toBe(403);
  await expect(page.getByText("Searching by name needs an active pii_basic grant")).toBeVisible();

  const byId = await searchPeople(page, person.id, purpose);
  expect(byId.status()).toBe(200);
  await expect(cell(page, "full_name")).toHaveAttribute("data-state", "masked");
  await expect(page.locator("tr", { hasText: person.fullName })).toHaveCount(0);
  await page
    .getByRole("button", { name: `Open the record of ${person.id}` })
    .first()
    .click();

  await expect(page.getByTestId("decision-summary")).toBeVisible();
  for (const column of [
    "full_name",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "date_of_birth",
    "tin",
    "payout_1099_cents",
    "background_check_ref",
  ]) {
    await expect(cell(page, column)).toHaveAttribute("data-state", "masked");
  }
  // Each column by its own rule (decision 023): email keeps the first letter and the domain, the birth date its year.
  await expect(cell(page, "email")).toContainText(/\S•••@[^\s@]+\.[a-z]+\s*masked/);
  await expect(cell(page, "date_of_birth")).toContainText(/\b(19|20)\d\d\s*masked/);
  await expect(cell(page, "postal_code")).toContainText(/\b\d{3}••\s*masked/);
  await expect(cell(page, "background_check_status")).toHaveAttribute("data-state", "withheld");
  await expect(page.locator("main")).not.toContainText(person.lastName);
});

test("auditor sees both look-ups in the ledger with their decisions", async ({ page }) => {
  const purposeA = uniquePurpose("Audit trail A");
  const purposeB = uniquePurpose("Audit trail B");
  for (const [who, purpose] of [
    [DEMO.analyst, purposeA],
    [DEMO.analyst2, purposeB],
  ] as const) {
    await signIn(page, who);
    const opened = await openRecord(page, person.id, purpose);
    expect(opened.status()).toBe(200);
    await expect(page.getByTestId("ledger-seq")).toBeVisible();
    await signOut(page);
  }

  await signIn(page, DEMO.auditor);
  await page.getByRole("link", { name: "Access ledger" }).first().click();
  const rowA = page.locator("tr", { hasText: purposeA });
  const rowB = page.locator("tr", { hasText: purposeB });
  await expect(rowA).toHaveCount(1);
  await expect(rowB).toHaveCount(1);
  for (const [row, email] of [
    [rowA, DEMO.analyst],
    [rowB, DEMO.analyst2],
  ] as const) {
    await expect(row.getByTestId("actor")).toContainText(email);
    await expect(row).toContainText("people.record_viewed");
    await expect(row.getByTestId("record-id")).toHaveText(person.id);
    await expect(row.locator("[data-decision]")).toHaveAttribute("data-decision", "mask");
  }
  await expect(rowA.getByTestId("column-counts")).toHaveText("12 clear · 3 masked · 1 withheld");
  await expect(rowB.getByTestId("column-counts")).toHaveText("5 clear · 10 masked · 1 withheld");
});
