// Journey: a grant expires without anyone acting. A direct pii_tax grant for a day shows analyst2 the TIN in clear;
// with the server's clock moved past its end the TIN is masked at once (the gateway checks the time, the expiry job
// has not run yet); within moments the job records it, and /grants shows it expired. The clock is put back after.
import { expect, test } from "@playwright/test";
import { cell, DEMO, grantViaForm, openRecord, setServerClockOffset, signIn, somePerson, uniquePurpose } from "./fixtures";

const person = somePerson(6);

test.afterAll(() => setServerClockOffset(0));

test("a one-day pii_tax grant: TIN in clear, masked the moment its end passes, then marked expired by the job", async ({ browser }) => {
  setServerClockOffset(0);
  const admin = await (await browser.newContext()).newPage();
  const analyst = await (await browser.newContext()).newPage();
  await signIn(admin, DEMO.privacy);
  await signIn(analyst, DEMO.analyst2);
  const purpose = uniquePurpose("Payout dispute PRIV-");

  const grantId = await grantViaForm(admin, { email: DEMO.analyst2, scope: "pii_tax", amount: 1, unit: "days", reason: "Payout dispute PRIV-3307" });
  await openRecord(analyst, person.id, purpose);
  await expect(cell(analyst, "tin")).toHaveAttribute("data-state", "clear");

  // A day and two minutes later. Sessions idle out over such a jump, so both sign in again.
  setServerClockOffset(24 * 3_600_000 + 2 * 60_000);
  await signIn(analyst, DEMO.analyst2);
  await openRecord(analyst, person.id, purpose);
  await expect(cell(analyst, "tin")).toHaveAttribute("data-state", "masked");

  await signIn(admin, DEMO.privacy);
  const expired = `/grants?status=expired&tier=pii_tax&holder=${encodeURIComponent(DEMO.analyst2)}`;
  await expect
    .poll(
      async () => {
        await admin.goto(expired);
        return admin.locator(`tr[data-row-id="${grantId}"]`).count();
      },
      { intervals: [500], timeout: 20_000 },
    )
    .toBe(1);
  await expect(admin.locator(`tr[data-row-id="${grantId}"]`)).toContainText("Expired");
  await admin.goto(`/grants/${grantId}`);
  await expect(admin.getByTestId("grant-status")).toHaveText("Expired");
  await expect(admin.getByText("by the system")).toBeVisible();

  setServerClockOffset(0);
  await admin.context().close();
  await analyst.context().close();
});
