// Issue 9's matters and holds in Chromium: a privacy admin opens a matter and places a hold on a person from the demo
// warehouse (an unknown id refused beside its field), changes the draft's targets and activates it; the person's page
// says the person is under hold; analyst@ is named custodian and acknowledges from the inbox (another analyst cannot
// open the notice); the matter cannot close while the hold is active; releasing needs a second privacy admin: the one
// who asked cannot confirm, privacy2@ rejects once, then confirms; the matter then closes.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { actionResponse, DEMO, signIn, somePerson } from "./fixtures";

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** The value of the option of `select` whose label mentions `email` (options read "Name (email)"). */
async function optionFor(page: Page, select: string, email: string): Promise<string> {
  return (await page
    .locator(`${select} option`, { hasText: `(${email})` })
    .first()
    .getAttribute("value"))!;
}

const holdCard = (page: Page, name: string) => page.locator(`[data-hold-name="${name}"]`);

test("matters and holds: create, activate, custodian acknowledgement, two-person release, close", async ({ browser }) => {
  test.setTimeout(180_000);
  const person = somePerson(3);
  const tag = Date.now().toString(36);
  const matterName = `Acme v. Marketplace ${tag}`;
  const holdName = `Payout dispute records ${tag}`;
  const privacy = await as(browser, DEMO.privacy);

  // Open the matter.
  await privacy.goto("/holds");
  const create = privacy.getByRole("form", { name: "Open a matter" });
  await create.getByLabel("Name").fill(matterName);
  await create.getByLabel("Legal reference").fill(`2026-CV-${tag}`);
  await create.getByLabel("Description").fill("Supplier payout dispute; preserve the supplier's records.");
  await create.getByLabel("Owner").selectOption(await optionFor(privacy, 'form[aria-label="Open a matter"] select[name="ownerId"]', DEMO.privacy));
  await create.getByRole("button", { name: "Open the matter" }).click();
  await expect(privacy).toHaveURL(/\/holds\/mat_[0-9a-z]+\?notice=created/);
  const matterId = privacy.url().match(/mat_[0-9a-z]+/)![0];
  await expect(privacy.getByRole("heading", { level: 1, name: matterName })).toBeVisible();

  // Edit it.
  await privacy.getByText("Edit the matter").click();
  const edit = privacy.getByRole("form", { name: "Edit the matter" });
  await edit.getByLabel("Description").fill("Supplier payout dispute; preserve every record of the supplier.");
  await edit.getByRole("button", { name: "Save the matter" }).click();
  await expect(privacy.getByText("Matter saved.")).toBeVisible();

  // A hold on an id the warehouse does not have is refused beside that target; nothing is created.
  const place = privacy.getByRole("form", { name: "Place a hold" });
  await place.getByLabel("Hold name").fill(holdName);
  await place.getByLabel("Target 1 id").fill("usr_doesnotexist1");
  let response = actionResponse(privacy);
  await place.getByRole("button", { name: "Create the hold (draft)" }).click();
  expect((await response).status()).toBe(422);
  await expect(place.getByText("No person with this id in the warehouse")).toBeVisible();
  await expect(privacy.locator("[data-hold-id]")).toHaveCount(0);

  // The real person: created as a draft.
  await place.getByLabel("Target 1 id").fill(person.id);
  await place.getByRole("button", { name: "Create the hold (draft)" }).click();
  await expect(privacy.getByText("Hold created as a draft")).toBeVisible();
  const hold = holdCard(privacy, holdName);
  await expect(hold.locator("[data-hold-status]")).toHaveAttribute("data-hold-status", "draft");
  await expect(hold.getByTestId("hold-targets")).toContainText(`person ${person.id}`);
  await expect(hold.locator('[data-dataset="marketplace.people@1"]')).toHaveAttribute("data-count", "1");

  // Change the draft's targets: add a date range that runs backwards (refused), then the right one.
  await hold.getByText("Change the targets").click();
  const change = privacy.getByRole("form", { name: `Change the targets of ${holdName}` });
  await change.getByRole("button", { name: "Add a target" }).click();
  await change.getByLabel("Target 2 kind").selectOption("date_range");
  await change.getByLabel("Target 2 dataset").selectOption("marketplace.bookings@1");
  await change.getByLabel("Target 2 from").fill("2024-03-31");
  await change.getByLabel("Target 2 to").fill("2024-03-01");
  response = actionResponse(privacy);
  await change.getByRole("button", { name: "Save the targets" }).click();
  expect((await response).status()).toBe(422);
  await expect(change.getByText(/runs backwards/)).toBeVisible();
  await change.getByLabel("Target 2 from").fill("2024-03-01");
  await change.getByLabel("Target 2 to").fill("2024-03-31");
  await change.getByRole("button", { name: "Save the targets" }).click();
  await expect(privacy.getByText("Targets saved.")).toBeVisible();
  await expect(holdCard(privacy, holdName).getByTestId("hold-targets")).toContainText("marketplace.bookings@1 from 2024-03-01 to 2024-03-31");

  // Activate it with a reason.
  await holdCard(privacy, holdName).getByLabel("Why activate it").fill("Litigation notice received from counsel");
  await holdCard(privacy, holdName).getByRole("button", { name: "Activate the hold" }).click();
  await expect(privacy.getByText("Hold active")).toBeVisible();
  await expect(holdCard(privacy, holdName).locator("[data-hold-status]")).toHaveAttribute("data-hold-status", "active");

  // Custodians: analyst@ and analyst2@ added, analyst2@ removed again.
  const custodianSelect = 'form[aria-label="Add a custodian"] select[name="userId"]';
  for (const email of [DEMO.analyst, DEMO.analyst2]) {
    await privacy
      .getByRole("form", { name: "Add a custodian" })
      .getByLabel("Custodian")
      .selectOption(await optionFor(privacy, custodianSelect, email));
    await privacy.getByRole("button", { name: "Add custodian" }).click();
    await expect(privacy.locator(`[data-custodian="${email}"]`)).toBeVisible();
  }
  await privacy.locator(`[data-custodian="${DEMO.analyst2}"]`).getByRole("button", { name: "Remove" }).click();
  await expect(privacy.getByText("Custodian removed.")).toBeVisible();
  await expect(privacy.locator(`[data-custodian="${DEMO.analyst2}"]`)).toHaveCount(0);
  await expect(privacy.locator(`[data-custodian="${DEMO.analyst}"] [data-acknowledged]`)).toHaveAttribute("data-acknowledged", "no");

  // The person's page says the person is under hold, and by which matter.
  await privacy.goto(`/people/${person.id}`);
  await expect(privacy.getByTestId("hold-notice")).toContainText(matterName);

  // analyst@ acknowledges from the inbox; analyst2@ (no longer a custodian) cannot open the notice, nor the matter.
  const analyst = await as(browser, DEMO.analyst);
  await analyst.goto("/inbox");
  await analyst
    .getByRole("link", { name: `Legal hold notice: ${matterName}` })
    .first()
    .click();
  await expect(analyst).toHaveURL(new RegExp(`/holds/${matterId}/acknowledge`));
  await analyst.getByRole("button", { name: "I acknowledge this legal hold notice" }).click();
  await expect(analyst.getByText("your acknowledgement is recorded")).toBeVisible();
  await expect(analyst.getByTestId("acknowledged-at")).toBeVisible();
  expect((await analyst.goto(`/holds/${matterId}`))?.status()).toBe(403);
  const analyst2 = await as(browser, DEMO.analyst2);
  expect((await analyst2.goto(`/holds/${matterId}/acknowledge`))?.status()).toBe(404);

  await privacy.goto(`/holds/${matterId}`);
  await expect(privacy.locator(`[data-custodian="${DEMO.analyst}"] [data-acknowledged]`)).toHaveAttribute("data-acknowledged", "yes");

  // The matter does not close while the hold is active: the refusal names the hold.
  await privacy.getByText("Close the matter", { exact: true }).first().click();
  const close = privacy.getByRole("form", { name: "Close the matter" });
  await close.getByLabel("Why close it").fill("Case settled out of court");
  response = actionResponse(privacy);
  await close.getByRole("button", { name: "Close the matter" }).click();
  expect((await response).status()).toBe(409);
  await expect(close.getByRole("status").or(close.getByRole("alert"))).toContainText(holdName);

  // Release: privacy@ asks and cannot confirm; privacy2@ rejects once, privacy@ asks again, privacy2@ confirms.
  const askRelease = async () => {
    const card = holdCard(privacy, holdName);
    await card.getByLabel("Why release it").fill("Case settled out of court");
    await card.getByRole("button", { name: "Ask to release the hold" }).click();
    await expect(privacy.getByText("Release requested: another privacy admin")).toBeVisible();
    await expect(holdCard(privacy, holdName).getByText("You asked to release this hold")).toBeVisible();
    await expect(holdCard(privacy, holdName).getByRole("button", { name: "Confirm the release" })).toHaveCount(0);
  };
  await askRelease();
  const privacy2 = await as(browser, DEMO.privacy2);
  await privacy2.goto(`/holds/${matterId}`);
  await holdCard(privacy2, holdName).getByLabel("Why keep it (to reject)").fill("Appeal window still open");
  await holdCard(privacy2, holdName).getByRole("button", { name: "Reject the release" }).click();
  await expect(privacy2.getByText("Release rejected")).toBeVisible();
  await expect(holdCard(privacy2, holdName).locator("[data-hold-status]")).toHaveAttribute("data-hold-status", "active");

  await privacy.goto(`/holds/${matterId}`);
  await askRelease();
  await privacy2.goto(`/holds/${matterId}`);
  await holdCard(privacy2, holdName).getByRole("button", { name: "Confirm the release" }).click();
  await expect(privacy2.getByText("Hold released")).toBeVisible();
  await expect(holdCard(privacy2, holdName).locator("[data-hold-status]")).toHaveAttribute("data-hold-status", "released");

  // No active hold left: the person's notice is gone and the matter closes.
  await privacy.goto(`/people/${person.id}`);
  await expect(privacy.getByTestId("hold-notice")).toHaveCount(0);
  await privacy.goto(`/holds/${matterId}`);
  await privacy.getByText("Close the matter", { exact: true }).first().click();
  await privacy.getByRole("form", { name: "Close the matter" }).getByLabel("Why close it").fill("Case settled out of court");
  await privacy.getByRole("form", { name: "Close the matter" }).getByRole("button", { name: "Close the matter" }).click();
  await expect(privacy.getByText("Matter closed.")).toBeVisible();
  await expect(privacy.locator("[data-matter-status]")).toHaveAttribute("data-matter-status", "closed");

  // The auditor sees the matter (holds.read) and its ledger trail.
  const auditor = await as(browser, DEMO.auditor);
  await auditor.goto("/holds?status=closed");
  await expect(auditor.getByRole("link", { name: new RegExp(matterName) }).first()).toBeVisible();
  const holdId = (await holdCard(privacy, holdName).getAttribute("data-hold-id"))!;
  await auditor.goto(`/ledger?record=${holdId}&order=oldest`);
  const trail = await auditor.locator("main").textContent();
  for (const action of [
    "holds.hold_created",
    "holds.hold_targets_changed",
    "holds.hold_activated",
    "holds.release_requested",
    "holds.release_rejected",
    "holds.hold_released",
  ]) {
    expect(trail, `${action} is in the auditor's ledger view`).toContain(action);
  }
  await auditor.goto(`/ledger?record=${matterId}&order=oldest`);
  const matterTrail = await auditor.locator("main").textContent();
  for (const action of ["holds.matter_created", "holds.matter_updated", "holds.matter_closed"]) expect(matterTrail).toContain(action);
});
