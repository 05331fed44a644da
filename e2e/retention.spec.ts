// Journey: retention policies (issue 9 item 2). The auditor reads every dataset's policy, its estimate and history but
// has no form; a privacy admin's negative days are refused beside the field (422, nothing saved); a valid edit becomes
// the next version in force while the earlier one stays in the history. The events policy is put back afterwards,
// since the purge journeys expect the demo default.
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { actionResponse, DEMO, signIn, uniquePurpose } from "./fixtures";

const EVENTS = "marketplace.events@1";
const DATASETS = ["marketplace.background_checks@1", "marketplace.booking_legs@1", "marketplace.bookings@1", EVENTS, "marketplace.people@1"];

const section = (page: Page) => page.locator(`[data-retention-dataset="${EVENTS}"]`);
const form = (page: Page) => page.getByRole("form", { name: `Edit the retention policy of ${EVENTS}` });
const daysInForce = (page: Page) => page.locator(`tr[data-row-id="${EVENTS}"] [data-days]`).first();

function eventsOlderThan(ms: number): number {
  const url = process.env.WAREHOUSE_URL;
  if (!url?.startsWith("file:")) throw new Error("WAREHOUSE_URL must point at the e2e demo warehouse");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const at = new Date(ms).toISOString().slice(0, 19) + "Z";
    return (db.prepare("SELECT count(*) AS n FROM events WHERE occurred_at < ?").get(at) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function saveDays(page: Page, days: string, reason: string) {
  await page.goto("/retention");
  await section(page).getByText("Edit this policy", { exact: true }).click();
  await form(page).getByLabel("Keep records for (days)").fill(days);
  await form(page).getByLabel("Why this change").fill(reason);
  const response = actionResponse(page);
  await form(page)
    .getByRole("button", { name: /^Save as version/ })
    .click();
  return response;
}

test.afterAll(async ({ browser }) => {
  // Best effort: leave the demo default (90 days) in force for the journeys that purge.
  const page = await browser.newPage();
  await signIn(page, DEMO.privacy);
  await page.goto("/retention");
  if ((await daysInForce(page).getAttribute("data-days")) !== "90") await saveDays(page, "90", "Restore the demo default");
  await page.close();
});

test("the auditor sees every dataset's policy, estimate and history, and no form to change them", async ({ page }) => {
  await signIn(page, DEMO.auditor);
  await page.getByRole("link", { name: "Retention" }).first().click();
  await expect(page).toHaveURL(/\/retention$/);
  for (const ref of DATASETS) await expect(page.locator(`tr[data-row-id="${ref}"]`).first()).toBeVisible();
  await expect(daysInForce(page)).toHaveAttribute("data-days", "90");
  await expect(page.locator(`tr[data-row-id="marketplace.bookings@1"]`).first()).toContainText("IL=3653");
  // The estimate is the warehouse's own count of events past 90 days (an executed purge may have taken them already:
  // then none is due, and the estimate must say so), within the hour the page and this count are apart.
  const due = Number(await page.locator(`tr[data-row-id="${EVENTS}"] [data-due]`).first().getAttribute("data-due"));
  const [atMost, atLeast] = [Date.now() + 3_600_000, Date.now() - 3_600_000].map((t) => eventsOlderThan(t - 90 * 86_400_000));
  expect(due).toBeGreaterThanOrEqual(atLeast);
  expect(due).toBeLessThanOrEqual(atMost);
  await expect(page.getByText(/the purge's dry-run lists how many each hold keeps back/)).toBeVisible();
  await expect(page.getByText("Edit this policy", { exact: true })).toHaveCount(0);
  await section(page)
    .getByText(/^Version history/)
    .click();
  await expect(section(page).locator('tr[data-row-id="1"]')).toContainText("Warden (default)");
});

test("a privacy admin's negative days are refused beside the field; a valid edit is the next version, the old one kept", async ({ page }) => {
  await signIn(page, DEMO.privacy);

  const refused = await saveDays(page, "-5", "Trying a negative period");
  expect(refused.status()).toBe(422);
  await expect(form(page).getByText(/Days must be 1 or more/)).toBeVisible();
  await page.reload();
  await expect(daysInForce(page)).toHaveAttribute("data-days", "90");

  const reason = uniquePurpose("Quarterly retention review PRIV-9");
  const saved = await saveDays(page, "120", reason);
  expect(saved.status()).toBeLessThan(400);
  await expect(page).toHaveURL(/\/retention\?saved=/);
  await expect(page.getByText(/Saved version \d+ of the marketplace\.events@1 retention policy/)).toBeVisible();
  await expect(daysInForce(page)).toHaveAttribute("data-days", "120");
  await section(page)
    .getByText(/^Version history/)
    .click();
  const history = section(page).locator("tbody tr");
  await expect(section(page).locator("tr", { hasText: reason })).toContainText("120 days from occurred_at");
  await expect(section(page).locator("tr", { hasText: reason })).toContainText("in force");
  await expect(section(page).locator('tr[data-row-id="1"]')).toContainText("90 days from occurred_at");
  expect(await history.count()).toBeGreaterThanOrEqual(2);
});
