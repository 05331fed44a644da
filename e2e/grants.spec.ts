// Journey: a privacy admin grants analyst2 pii_tax directly through the form (the policy's limit shown up front, a
// longer grant refused beside the field), finds it on /grants, and revokes it with a reason; analyst2's person view
// shows the TIN in clear while the grant holds and masked again once it is revoked. And a policy edit: a risky ticket
// pattern refused beside the field, a real change a new version in the history (put back afterwards).
import { expect, test } from "@playwright/test";
import { actionResponse, cell, DEMO, fillGrantForm, grantViaForm, openRecord, signIn, signOut, somePerson, uniquePurpose } from "./fixtures";

const person = somePerson(5);

test("privacy admin grants analyst2 pii_tax for three days, sees it on /grants, revokes it; the TIN is masked again", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  const analyst = await (await browser.newContext()).newPage();
  await signIn(admin, DEMO.privacy);
  await signIn(analyst, DEMO.analyst2);
  const purpose = uniquePurpose("Payout dispute PRIV-");

  // The limits are on the form's page; a grant past the tier's limit is refused beside the duration, 422.
  await fillGrantForm(admin, { email: DEMO.analyst2, scope: "pii_tax", amount: 30, unit: "days", reason: "Payout dispute PRIV-2041" });
  await expect(admin.locator('[data-policy-limit="pii_tax"]')).toContainText("up to 14 days");
  const tooLong = actionResponse(admin);
  await admin.getByRole("button", { name: "Grant access" }).click();
  expect((await tooLong).status()).toBe(422);
  await expect(admin.getByText(/Tax PII grants last at most 14 days/)).toBeVisible();

  const grantId = await grantViaForm(admin, { email: DEMO.analyst2, scope: "pii_tax", amount: 3, unit: "days", reason: "Payout dispute PRIV-2041" });
  await expect(admin.getByTestId("grant-status")).toHaveText("Active");

  const list = `/grants?tier=pii_tax&holder=${encodeURIComponent(DEMO.analyst2)}`;
  await admin.goto(list);
  const row = admin.locator(`tr[data-row-id="${grantId}"]`);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Direct grant");
  await expect(row.getByTestId("time-left")).toHaveText(/^2 days 23 hours$/);

  await openRecord(analyst, person.id, purpose);
  await expect(cell(analyst, "tin")).toHaveAttribute("data-state", "clear");

  await row.getByRole("link").first().click();
  await expect(admin).toHaveURL(new RegExp(`/grants/${grantId}$`));
  await admin.getByLabel("Reason for revoking").fill("Dispute settled");
  await admin.getByRole("button", { name: "Revoke grant" }).click();
  await expect(admin).toHaveURL(new RegExp(`/grants/${grantId}\\?notice=revoked$`));
  await expect(admin.getByTestId("grant-status")).toHaveText("Revoked");
  await expect(admin.getByText("Dispute settled")).toBeVisible();
  await admin.goto(list);
  await expect(admin.locator(`tr[data-row-id="${grantId}"]`)).toHaveCount(0);

  await openRecord(analyst, person.id, purpose);
  await expect(cell(analyst, "tin")).toHaveAttribute("data-state", "masked");
  await admin.context().close();
  await analyst.context().close();
});

test("a privacy admin edits a tier's policy: a risky ticket pattern is refused beside the field, a real change is a new version in the history", async ({
  page,
}) => {
  await signIn(page, DEMO.privacy);
  await page.goto("/policies");
  const card = page.locator("#policy-background");
  const version = Number((await card.getByRole("heading", { level: 2 }).textContent())?.match(/version (\d+)/)?.[1]);
  const edit = async (changes: { ticketPattern?: string; timeoutDays?: string; reason: string }) => {
    if (!(await card.getByRole("form").isVisible())) await card.getByText("Edit this policy").click();
    const form = card.getByRole("form");
    if (changes.ticketPattern !== undefined) await form.getByLabel("Ticket pattern").fill(changes.ticketPattern);
    if (changes.timeoutDays !== undefined) await form.getByLabel("A request times out after (number)").fill(changes.timeoutDays);
    await form.getByLabel("Why this change").fill(changes.reason);
    const response = actionResponse(page);
    await form.getByRole("button", { name: /^Save as version/ }).click();
    return response;
  };

  const risky = await edit({ ticketPattern: "^(BG-[0-9]+)+$", reason: "Quarterly policy review" });
  expect(risky.status()).toBe(422);
  await expect(card.getByText(/A repeated group may not contain a quantifier/)).toBeVisible();
  await expect(card.getByRole("heading", { level: 2 })).toContainText(`version ${version}`);

  await edit({ ticketPattern: "^PRIV-[0-9]+$", timeoutDays: "5", reason: "Quarterly policy review" });
  await expect(page).toHaveURL(/\/policies\?saved=background/);
  await expect(card.getByRole("heading", { level: 2 })).toContainText(`version ${version + 1}`);
  await expect(card.locator('[data-rule="pendingTimeoutMinutes"]')).toHaveText("5 days");
  await card.getByText(/^Version history/).click();
  const latest = card.locator(`tr[data-row-id="${version + 1}"]`);
  await expect(latest).toContainText("Request times out after: 7 days → 5 days");
  await expect(latest).toContainText(DEMO.privacy);
  await expect(latest).toContainText("Quarterly policy review");

  // Put the rule back (another version), so the journeys after this one see the defaults.
  await edit({ timeoutDays: "7", reason: "Restore the default after the journey" });
  await expect(card.locator('[data-rule="pendingTimeoutMinutes"]')).toHaveText("7 days");

  // Analysts read the rules and never get the form.
  await signOut(page);
  await signIn(page, DEMO.analyst);
  await page.goto("/policies");
  await expect(page.locator('#policy-background [data-rule="pendingTimeoutMinutes"]')).toHaveText("7 days");
  await expect(page.getByText("Edit this policy")).toHaveCount(0);
});
