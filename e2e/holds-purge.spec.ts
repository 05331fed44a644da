// Issue 9 end to end, across the Holds, Purge runs and Ledger screens with the demo's own retention policies: a privacy
// admin opens a matter and puts a person with old raw events under hold; a dry-run lists that person's hold as
// holding records back; the execute run deletes an old unheld event while the held person's old events and the person
// stay in the warehouse; releasing the hold needs a second privacy admin; the auditor finds every step in the ledger.
import Database from "better-sqlite3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

const DAY_MS = 86_400_000;

function warehouse() {
  const url = process.env.WAREHOUSE_URL;
  if (!url?.startsWith("file:")) throw new Error("WAREHOUSE_URL must point at the e2e demo warehouse");
  return new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
}

function present(sql: string, id: string): boolean {
  const db = warehouse();
  try {
    return db.prepare(sql).get(id) !== undefined;
  } finally {
    db.close();
  }
}

const eventPresent = (id: string) => present("SELECT 1 FROM events WHERE event_id = ?", id);
const personPresent = (id: string) => present("SELECT 1 FROM people WHERE person_id = ?", id);

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())!.replace(/[^0-9]/g, ""));

test("a hold keeps a person's records through an executed purge, two people release it, and the auditor sees it all", async ({ browser }) => {
  test.setTimeout(240_000);
  // Old enough for the demo's 90-day raw-events policy with days to spare, whenever the run measures it.
  const old = new Date(Date.now() - 100 * DAY_MS).toISOString();
  const db = warehouse();
  const candidates = db
    .prepare(`SELECT person_id, count(*) AS n FROM events WHERE occurred_at < ? GROUP BY person_id HAVING n >= 2 ORDER BY n DESC, person_id LIMIT 2`)
    .all(old) as Array<{ person_id: string; n: number }>;
  expect(candidates.length).toBe(2);
  const person = candidates[0].person_id;
  const heldEvents = (
    db.prepare("SELECT event_id FROM events WHERE person_id = ? AND occurred_at < ?").all(person, old) as Array<{ event_id: string }>
  ).map((r) => r.event_id);
  const unheld = (
    db.prepare("SELECT event_id FROM events WHERE person_id = ? AND occurred_at < ? LIMIT 1").get(candidates[1].person_id, old) as {
      event_id: string;
    }
  ).event_id;
  db.close();

  const tag = Date.now().toString(36);
  const matterName = `Estate of a supplier ${tag}`;
  const holdName = `Supplier activity ${tag}`;
  const privacy = await as(browser, DEMO.privacy);

  // The matter and an active hold on the person.
  await privacy.goto("/holds");
  const create = privacy.getByRole("form", { name: "Open a matter" });
  await create.getByLabel("Name").fill(matterName);
  await create.getByLabel("Legal reference").fill(`PROBATE-${tag}`);
  await create.getByLabel("Description").fill("Preserve the supplier's activity for the probate court.");
  await create.getByRole("button", { name: "Open the matter" }).click();
  await expect(privacy).toHaveURL(/\/holds\/mat_[0-9a-z]+\?notice=created/);
  const matterId = privacy.url().match(/mat_[0-9a-z]+/)![0];
  const place = privacy.getByRole("form", { name: "Place a hold" });
  await place.getByLabel("Hold name").fill(holdName);
  await place.getByLabel("Target 1 id").fill(person);
  await place.getByRole("button", { name: "Create the hold (draft)" }).click();
  await expect(privacy.getByText("Hold created as a draft")).toBeVisible();
  const hold = privacy.locator(`[data-hold-name="${holdName}"]`);
  await hold.getByLabel("Why activate it").fill("Probate court preservation order");
  await hold.getByRole("button", { name: "Activate the hold" }).click();
  await expect(privacy.getByText("Hold active")).toBeVisible();
  const holdId = (await hold.getAttribute("data-hold-id"))!;

  // A dry-run lists the hold on that person as holding records back, and deletes nothing.
  await privacy.goto("/purge");
  await privacy.getByRole("button", { name: "Start a dry-run" }).click();
  await expect(privacy).toHaveURL(/\/purge\/prg_\w+\?notice=started/);
  await expect(privacy.locator('[data-purge-status="completed"]')).toBeVisible({ timeout: 60_000 });
  const dryRunId = privacy.url().match(/prg_\w+/)![0];
  const holdRow = privacy.locator(`tr[data-hold="${holdId}"]`).filter({ hasText: "marketplace.events@1" });
  await expect(holdRow).toContainText(holdName);
  await expect(holdRow.getByTestId("purge-hold-subjects")).toContainText(person);
  expect(Number((await holdRow.locator("td").nth(2).textContent())!.replace(/[^0-9]/g, ""))).toBeGreaterThanOrEqual(heldEvents.length);
  expect(await count(privacy, "purge-deleted")).toBe(0);
  expect(eventPresent(unheld)).toBe(true);

  // Executed: the old unheld event is gone; the held person's old events and the person remain.
  await privacy.goto("/purge");
  await privacy.getByText("Execute a purge…").click();
  await privacy.getByLabel("I understand that this deletes records from the warehouse").check();
  await privacy.getByRole("button", { name: "Execute purge" }).click();
  await expect(privacy).toHaveURL(/\/purge\/prg_\w+\?notice=started/);
  await expect(privacy.locator('[data-purge-status="completed"]')).toBeVisible({ timeout: 60_000 });
  const executeId = privacy.url().match(/prg_\w+/)![0];
  expect(executeId).not.toBe(dryRunId);
  expect(await count(privacy, "purge-deleted")).toBeGreaterThan(0);
  expect(eventPresent(unheld)).toBe(false);
  for (const id of heldEvents) expect(eventPresent(id), id).toBe(true);
  expect(personPresent(person)).toBe(true);

  // The home page shows the hold, the records it keeps and the run just finished.
  await privacy.goto("/");
  expect(await count(privacy, "home-active-holds")).toBeGreaterThanOrEqual(1);
  expect(await count(privacy, "home-records-held")).toBeGreaterThanOrEqual(heldEvents.length);
  await expect(privacy.getByTestId("home-last-purge")).toContainText("deleted");
  await expect(privacy.getByRole("link", { name: /^Last purge:/ })).toHaveAttribute("href", `/purge/${executeId}`);

  // Release takes two privacy admins: the one who asks cannot confirm.
  await privacy.goto(`/holds/${matterId}`);
  await hold.getByLabel("Why release it").fill("Probate closed");
  await hold.getByRole("button", { name: "Ask to release the hold" }).click();
  await expect(privacy.getByText("Release requested: another privacy admin")).toBeVisible();
  await expect(hold.getByRole("button", { name: "Confirm the release" })).toHaveCount(0);
  const privacy2 = await as(browser, DEMO.privacy2);
  await privacy2.goto(`/holds/${matterId}`);
  await privacy2.locator(`[data-hold-name="${holdName}"]`).getByRole("button", { name: "Confirm the release" }).click();
  await expect(privacy2.getByText("Hold released")).toBeVisible();

  // The auditor finds the hold's life and both runs in the ledger.
  const auditor = await as(browser, DEMO.auditor);
  await auditor.goto(`/ledger?record=${holdId}&order=oldest`);
  const holdTrail = await auditor.locator("main").textContent();
  for (const action of ["holds.hold_created", "holds.hold_activated", "holds.release_requested", "holds.hold_released"]) {
    expect(holdTrail, action).toContain(action);
  }
  await auditor.goto(`/ledger?record=${executeId}&order=oldest`);
  const runTrail = await auditor.locator("main").textContent();
  for (const action of ["purge.run_started", "purge.batch_deleted", "purge.run_completed"]) expect(runTrail, action).toContain(action);
  await auditor.goto(`/purge/${executeId}`);
  await expect(auditor.locator('[data-purge-status="completed"]')).toBeVisible();
});
