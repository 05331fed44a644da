// Journey: the masking catalogue (issue 8 item 1). Every role reads the Catalog; a privacy admin changes a people
// column's rule there, an analyst without grants opens a person and sees the new mask on the very next read, and the
// change is on the ledger page. Refusals say which field and why. The column is put back afterwards, since the
// other journeys expect the demo catalog.
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { actionResponse, cell, changeCatalogColumn, DEMO, openRecord, signIn, signOut, uniquePurpose } from "./fixtures";

const PEOPLE = "marketplace.people@1";

/** A person with a background-check report (so the token mask has a value to show), from the seeded warehouse. */
function personWithReport(): string {
  const url = process.env.WAREHOUSE_URL;
  if (!url?.startsWith("file:")) throw new Error("WAREHOUSE_URL must point at the e2e demo warehouse");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT person_id FROM people WHERE background_check_ref IS NOT NULL ORDER BY person_id LIMIT 1 OFFSET 2").get() as {
      person_id: string;
    };
    return row.person_id;
  } finally {
    db.close();
  }
}

test.afterAll(async ({ browser }) => {
  // Best effort: leave the demo catalog as the other journeys expect it, even if a step above failed.
  const page = await browser.newPage();
  await signIn(page, DEMO.privacy);
  await page.goto("/catalog");
  const rule = await page.locator(`[data-dataset="${PEOPLE}"] tr[data-row-id="city"] [data-mask-rule]`).first().getAttribute("data-mask-rule");
  if (rule !== "redact")
    await changeCatalogColumn(page, { dataset: PEOPLE, column: "city", tier: "pii_basic", maskRule: "redact", reason: "Restore the demo catalog" });
  await page.close();
});

test("an analyst reads the catalog: each column's tier, rule and label, and no form to change them", async ({ page }) => {
  await signIn(page, DEMO.analyst2);
  await page.getByRole("link", { name: "Catalog" }).first().click();
  await expect(page).toHaveURL(/\/catalog$/);
  for (const ref of [PEOPLE, "marketplace.bookings@1", "marketplace.booking_legs@1"])
    await expect(page.locator(`[data-dataset="${ref}"]`)).toBeVisible();
  const tin = page.locator(`[data-dataset="${PEOPLE}"] tr[data-row-id="tin"]`);
  await expect(tin.locator("[data-tier]").first()).toHaveAttribute("data-tier", "pii_tax");
  await expect(tin.locator("[data-mask-rule]")).toHaveAttribute("data-mask-rule", "show_last_4");
  await expect(tin).toContainText("Last 4 characters");
  await expect(page.locator(`[data-dataset="marketplace.bookings@1"] tr[data-row-id="total_cents"] [data-mask-rule]`)).toHaveAttribute(
    "data-mask-rule",
    "none",
  );
  await expect(page.getByText("Change a column", { exact: true })).toHaveCount(0);
});

test("privacy admin changes city to token; analyst2 sees the token on the next read; the change is in the ledger", async ({ page }) => {
  const personId = personWithReport();
  const reason = uniquePurpose("Catalog review PRIV-8 city as token");
  await signIn(page, DEMO.privacy);

  // A refusal first: a restricted tier with rule none is refused beside the field, with 422, and changes nothing.
  await page.goto("/catalog");
  const section = page.locator(`[data-dataset="${PEOPLE}"]`);
  await section.getByText("Change a column", { exact: true }).click();
  const form = page.getByRole("form", { name: `Change a column of ${PEOPLE}` });
  await form.getByLabel("Column").selectOption("city");
  await form.getByLabel("Masking rule").selectOption("none");
  await form.getByLabel("Why this change").fill("Trying a clear city");
  const refused = actionResponse(page);
  await form.getByRole("button", { name: "Save the change" }).click();
  expect((await refused).status()).toBe(422);
  await expect(form.getByText(/needs a masking rule or withhold/)).toBeVisible();
  await page.reload();
  await expect(section.locator('tr[data-row-id="city"] [data-mask-rule]')).toHaveAttribute("data-mask-rule", "redact");

  await changeCatalogColumn(page, { dataset: PEOPLE, column: "city", maskRule: "token", reason });
  await expect(section.locator('tr[data-row-id="city"] [data-mask-rule]')).toHaveAttribute("data-mask-rule", "token");
  await section.getByText(/^Change history/).click();
  await expect(section.locator("tr", { hasText: reason })).toContainText("pii_basic / redact");
  await signOut(page);

  await signIn(page, DEMO.analyst2);
  const opened = await openRecord(page, personId, uniquePurpose("Payout dispute"));
  expect(opened.status()).toBe(200);
  await expect(cell(page, "city")).toHaveAttribute("data-state", "masked");
  await expect(cell(page, "city")).toContainText(/tok_[a-z2-7]{20}/);
  // The demo catalog's own rules on the same record (decision 023).
  await expect(cell(page, "background_check_ref")).toContainText(/tok_[a-z2-7]{20}/);
  await expect(cell(page, "full_name")).toContainText("••••••");
  await signOut(page);

  await signIn(page, DEMO.auditor);
  await page.getByRole("link", { name: "Access ledger" }).first().click();
  const row = page.locator("tr", { hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("governance.catalog_column_changed");
  await expect(row.getByTestId("actor")).toContainText(DEMO.privacy);
  await expect(row.getByTestId("record-id")).toHaveText("city");
});
