// Journey: an analyst asks for pii_tax with a ticket; two privacy admins approve it (the first approval leaves it
// pending: the tier needs two); the analyst then sees the TIN in clear, gives the grant back, and it is masked again.
import { expect, test, type Page } from "@playwright/test";
import { actionResponse, cell, DEMO, openRecord, signIn, signOut, somePerson, uniquePurpose } from "./fixtures";

const person = somePerson(5);

async function decide(page: Page, requestId: string, comment: string) {
  // Newest first: the demo's own pending requests must not push this one to another page.
  await page.goto("/requests?sort=created&dir=desc");
  const row = page.locator("tr", { hasText: requestId });
  await expect(row.getByTestId("approval-progress")).toBeVisible();
  await row.getByRole("link", { name: requestId }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${requestId}$`));
  await page.getByLabel("Comment").fill(comment);
  const response = actionResponse(page);
  await page.getByRole("button", { name: /^Approve/ }).click();
  expect((await response).status()).toBeLessThan(400);
}

test("pii_tax needs two approvals; then the TIN is in clear until the analyst gives the grant back", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.analyst);
  // An analyst is refused the approval queue (and the refusal is a real 403).
  expect((await page.goto("/requests"))?.status()).toBe(403);

  await page.goto("/access");
  await expect(page.getByRole("heading", { name: "My access", level: 1 })).toBeVisible();
  const rules = page.locator("tr", { hasText: "pii_tax" }).first();
  await expect(rules).toContainText("2 privacy admins");
  await expect(rules).toContainText("14 days");
  const form = page.getByRole("form", { name: "Ask for access" });
  await form.getByLabel("Tier").selectOption("pii_tax");
  await expect(form.getByText("Policy v1: 2 approvals · at most 14 days")).toBeVisible();
  await form.getByLabel("Amount").fill("3");
  await form.getByLabel("Unit").selectOption("days");
  await form.getByLabel("Reason").fill("Year-end 1099 reconciliation for payouts");
  await form.getByLabel("Ticket").fill("PRIV-1234");
  const sent = actionResponse(page);
  await form.getByRole("button", { name: "Send request" }).click();
  expect((await sent).status()).toBeLessThan(400);
  await expect(page.getByText("Request sent.")).toBeVisible();
  const waiting = page.getByRole("region", { name: "Your requests waiting for a decision" }).locator("tr", { hasText: "Tax PII" });
  await expect(waiting.getByTestId("approval-progress")).toHaveText(/0 of 2 approvals/);
  const requestId = (await waiting.getByRole("link", { name: /^req_/ }).textContent())!.trim();
  await signOut(page);

  await signIn(page, DEMO.privacy);
  await decide(page, requestId, "Ticket PRIV-1234 checked");
  await expect(page.getByText("Your approval is recorded.")).toBeVisible();
  await expect(page.locator("[data-request-status]").first()).toHaveAttribute("data-request-status", "pending");
  await expect(page.getByTestId("approval-progress").first()).toHaveText(/1 of 2 approvals/);
  await expect(page.getByTestId("approval-trail")).toContainText(`${DEMO.privacy} approved`);
  await signOut(page);

  await signIn(page, DEMO.privacy2);
  await decide(page, requestId, "Agreed, year-end close");
  await expect(page.getByText("Approved. The grant is active from now")).toBeVisible();
  await expect(page.locator("[data-request-status]").first()).toHaveAttribute("data-request-status", "active");
  await expect(page.getByTestId("approval-progress").first()).toHaveText(/2 of 2 approvals/);
  await signOut(page);

  await signIn(page, DEMO.analyst);
  expect((await openRecord(page, person.id, uniquePurpose("Payout reconciliation PRIV-1234"))).status()).toBe(200);
  await expect(cell(page, "tin")).toHaveAttribute("data-state", "clear");

  // Done: give it back, and the TIN is masked again (other journeys expect analyst@ without pii_tax).
  await page.goto("/access");
  const held = page.getByRole("region", { name: "Access you hold now" }).locator("tr", { hasText: "Tax PII" });
  await expect(held.getByTestId("time-left")).toHaveText(/Ends in 3 days/);
  const givenBack = actionResponse(page);
  await held.getByRole("button", { name: "Give back pii_tax access" }).click();
  expect((await givenBack).status()).toBeLessThan(400);
  await expect(page.getByText("Access given back.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Access you hold now" }).locator("tr", { hasText: "Tax PII" })).toHaveCount(0);
  expect((await openRecord(page, person.id, uniquePurpose("Payout reconciliation check"))).status()).toBe(200);
  await expect(cell(page, "tin")).toHaveAttribute("data-state", "masked");
});
