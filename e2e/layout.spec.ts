// Journey: a new user on a laptop and on a phone. The ledger fits its pane at laptop widths, and on a phone the
// people results and the ledger are cards: no sideways scrolling, and every column's value is on screen.
// The home page tells each role what to do about holding no scopes.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, signIn, somePerson, uniquePurpose } from "./fixtures";

// The tables' captions name both renderings: the table's scroll region and the card list.
const LEDGER = "Access ledger entries, newest first";
const PEOPLE = "People matching the search";

/** The rendering of a DataTable on screen now: the table's scroll region, or the card list on a narrow screen.
 * Role locators skip the one that is display:none. */
function tableView(page: Page, caption: string): Locator {
  return page.getByRole("region", { name: caption }).or(page.getByRole("list", { name: caption }));
}

async function expectFitsAndShowsEveryColumn(page: Page, caption: string): Promise<void> {
  const view = tableView(page, caption);
  await expect(view).toHaveCount(1);
  await expect(view).toBeVisible();

  const pageWidths = await page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  // Soft: a failure reports every check below, not only the first.
  expect.soft(pageWidths.scroll, "the page scrolls sideways").toBeLessThanOrEqual(pageWidths.client);
  const viewWidths = await view.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect.soft(viewWidths.scroll, `"${caption}" scrolls sideways`).toBeLessThanOrEqual(viewWidths.client);

  // Every column of the first entry has its value inside the pane and the viewport (a table row's cells, or a
  // card's title plus its label/value pairs), so the last column is not cut off.
  const columnCount = await page
    .locator("table")
    .filter({ has: page.locator(`caption:text-is("${caption}")`) })
    .locator("thead th")
    .count();
  expect(columnCount, "the table has its columns").toBeGreaterThanOrEqual(5);
  const first = view.locator("tbody > tr, li").first();
  const values = first.locator("td, dd");
  const isCard = (await first.evaluate((el) => el.tagName)) === "LI";
  await expect(values, "one value per column").toHaveCount(isCard ? columnCount - 1 : columnCount);
  if (isCard) await expect(first.getByRole("heading")).toBeVisible();
  const pane = (await view.boundingBox())!;
  const right = Math.min(pane.x + pane.width, page.viewportSize()!.width);
  for (let i = 0; i < (await values.count()); i++) {
    const box = (await values.nth(i).boundingBox())!;
    expect.soft(box.x, `value ${i + 1} starts inside the pane`).toBeGreaterThanOrEqual(pane.x - 1);
    expect.soft(box.x + box.width, `value ${i + 1} of ${await values.count()} ends inside the pane and the viewport`).toBeLessThanOrEqual(right + 1);
  }
}

for (const width of [1280, 1440]) {
  test(`the ledger fits its pane at ${width} px, last column included`, async ({ page }) => {
    await signIn(page, DEMO.auditor);
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/ledger");
    await expectFitsAndShowsEveryColumn(page, LEDGER);
  });
}

test.describe("at phone width (390 px)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the ledger is a list of cards with every column, and no sideways scrolling", async ({ page }) => {
    await signIn(page, DEMO.auditor);
    await page.goto("/ledger");
    await expectFitsAndShowsEveryColumn(page, LEDGER);
  });

  test("people results are cards with every column, the row's open button still there", async ({ page }) => {
    const person = somePerson(3);
    await signIn(page, DEMO.analyst);
    await page.goto("/people");
    await page.getByLabel("Name or person id").fill(person.lastName);
    await page.getByLabel("Purpose").fill(uniquePurpose("Phone layout"));
    await page.getByRole("button", { name: "Search" }).click();
    await expectFitsAndShowsEveryColumn(page, PEOPLE);
    const card = tableView(page, PEOPLE).getByRole("listitem").filter({ hasText: person.fullName });
    // Opening a record is a POST (a purpose is recorded), so the card's title is a submit button, not a link.
    await expect(card.getByRole("button", { name: `Open the record of ${person.id}` })).toBeVisible();
  });

  test("masked cells keep their state and reason in a card", async ({ page }) => {
    const person = somePerson(3);
    await signIn(page, DEMO.analyst2); // no grants: the name is masked
    await page.goto("/people");
    await page.getByLabel("Name or person id").fill(person.id);
    await page.getByLabel("Purpose").fill(uniquePurpose("Phone layout masked"));
    await page.getByRole("button", { name: "Search" }).click();
    const name = page.getByRole("list", { name: PEOPLE }).locator('[data-column="full_name"]');
    await expect(name).toHaveAttribute("data-state", "masked");
    await expect(name).toBeVisible();
    await expect(name.getByRole("group")).toHaveAccessibleName(/^masked: .*pii_basic/);
  });
});

test("home: a privacy admin with no grants is not told to wait for the privacy team", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  const scopes = page.getByRole("region", { name: "Your active scopes" });
  await expect(scopes).toContainText("No active scopes");
  await expect(page.locator("body")).not.toContainText(/until the privacy team approves/i);
  await expect(scopes).toContainText(/no one approves their own access/i);
});

test("home: an analyst with no grants is told how to get access", async ({ page }) => {
  await signIn(page, DEMO.analyst2);
  const scopes = page.getByRole("region", { name: "Your active scopes" });
  await expect(scopes).toContainText("No active scopes");
  await expect(scopes).toContainText(/ask the privacy team for a grant/i);
});
