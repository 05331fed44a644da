// Journey (issue 6, "Done when"): analyst2 uses break-glass on pii_sensitive; the privacy admin sees the alert in the
// inbox and on the break-glass queue, and after-reviews it. The review revokes the grant, so the journeys after this
// one see analyst2 without it.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO, actionResponse, signIn, uniquePurpose } from "./fixtures";

async function signedIn(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signIn(await context.newPage(), email);
  return context;
}

test("analyst2 breaks the glass on Sensitive PII; a privacy admin is alerted and after-reviews it (revoked)", async ({ browser }) => {
  const reason = uniquePurpose("Incident INC-4711 payouts failing");
  const analyst = await signedIn(browser, DEMO.analyst2);
  const page = analyst.pages()[0];

  await page.goto("/access/break-glass");
  await expect(page.getByText("Every privacy admin is alerted the moment you switch this on")).toBeVisible();
  // The limits are shown up front, before anything is chosen.
  await expect(page.getByRole("radio", { name: /Sensitive PII.*Up to 4 hours/ })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Tax PII/ })).toHaveCount(0);

  // A missing reason is refused by the server too (the browser's own check is bypassed).
  await page.getByRole("radio", { name: /Sensitive PII/ }).check();
  await page.getByLabel("For how long").selectOption("60");
  await page.getByLabel("Reason").evaluate((el) => el.removeAttribute("required"));
  const refused = actionResponse(page);
  await page.getByRole("button", { name: "Switch on break-glass" }).click();
  expect((await refused).status()).toBe(422);
  await expect(page.getByText("Give a reason of at least 5 characters")).toBeVisible();

  await page.getByLabel("Reason").fill(reason);
  await page.getByRole("button", { name: "Switch on break-glass" }).click();
  await expect(page).toHaveURL(/\/access\/break-glass\?notice=activated&grant=grt_/);
  await expect(page.getByText(/Break-glass is on: Sensitive PII until/)).toBeVisible();
  const own = page.locator("[data-table-view]:visible");
  await expect(own.getByText(reason)).toBeVisible();
  const grantId = new URL(page.url()).searchParams.get("grant")!;

  const admin = await signedIn(browser, DEMO.privacy);
  const adminPage = admin.pages()[0];

  // The inbox: the alert is there at once; opening it marks it read and leads to the use's review page.
  await adminPage.goto("/inbox");
  const alert = adminPage.getByRole("link", { name: /Break-glass on Sensitive PII by Noah Brennan/ }).first();
  await expect(alert).toBeVisible();
  await alert.click();
  await expect(adminPage).toHaveURL(new RegExp(`/break-glass/${grantId}$`));

  // The break-glass queue: the use awaits after-review.
  await adminPage.goto("/break-glass");
  const row = adminPage.locator("tr", { hasText: reason });
  await expect(row).toBeVisible();
  await expect(row.locator("[data-review-state]")).toHaveAttribute("data-review-state", "awaiting");
  await row.getByRole("link", { name: /Noah Brennan/ }).click();
  await expect(adminPage).toHaveURL(new RegExp(`/break-glass/${grantId}$`));
  await expect(adminPage.getByTestId("break-glass-reason")).toHaveText(reason);

  await adminPage.getByRole("radio", { name: /Not justified: revoke/ }).check();
  await adminPage.getByLabel("Comment").fill("No open incident matches; revoked");
  await adminPage.getByRole("button", { name: "Record after-review" }).click();
  await expect(adminPage).toHaveURL(/\/break-glass\?view=reviewed&notice=reviewed/);
  const reviewed = adminPage.locator("tr", { hasText: reason });
  await expect(reviewed.locator("[data-review-state]")).toHaveAttribute("data-review-state", "revoke");
  await expect(reviewed.locator("[data-grant-status]")).toHaveAttribute("data-grant-status", "revoked");

  // The analyst sees the grant ended.
  await page.goto("/access/break-glass");
  await expect(page.locator("tr", { hasText: reason }).locator("[data-grant-status]")).toHaveAttribute("data-grant-status", "revoked");

  await analyst.close();
  await admin.close();
});

test("an analyst cannot open the break-glass queue, and an auditor cannot break the glass", async ({ browser }) => {
  const analyst = await signedIn(browser, DEMO.analyst2);
  expect((await analyst.pages()[0].goto("/break-glass"))?.status()).toBe(403);
  const auditor = await signedIn(browser, DEMO.auditor);
  expect((await auditor.pages()[0].goto("/access/break-glass"))?.status()).toBe(403);
  await analyst.close();
  await auditor.close();
});
