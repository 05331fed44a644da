// Journey: a privacy admin grants analyst2 pii_tax directly through the form (the policy's limit shown up front, a
// longer grant refused beside the field), finds it on /grants, and revokes it with a reason; analyst2's person view
// shows the TIN in clear while the grant holds and masked again once it is revoked.
import { expect, test } from "@playwright/test";
import { actionResponse, cell, DEMO, fillGrantForm, grantViaForm, openRecord, signIn, somePerson, uniquePurpose } from "./fixtures";

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
