// Shared e2e helpers: sign in through the real form, and read a person from the demo warehouse the run seeded.
import { writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, type Page, type Response } from "@playwright/test";

export const DEMO = {
  privacy: "privacy@warden.test",
  privacy2: "privacy2@warden.test",
  auditor: "auditor@warden.test",
  analyst: "analyst@warden.test",
  analyst2: "analyst2@warden.test",
  lockout: "lockout@warden.test",
  sessions: "sessions@warden.test",
  disableMe: "disable-me@warden.test",
} as const;

export function demoPassword(): string {
  const p = process.env.WARDEN_DEMO_PASSWORD;
  if (!p) throw new Error("WARDEN_DEMO_PASSWORD is not set; run the e2e suite through `npm test`");
  return p;
}

export async function signIn(page: Page, email: string, password = demoPassword()): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** A person from the seeded warehouse: id, full name and last name. */
export function somePerson(offset = 0): { id: string; fullName: string; lastName: string } {
  const url = process.env.WAREHOUSE_URL;
  if (!url?.startsWith("file:")) throw new Error("WAREHOUSE_URL must point at the e2e demo warehouse");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT person_id, full_name FROM people ORDER BY person_id LIMIT 1 OFFSET ?").get(offset) as {
      person_id: string;
      full_name: string;
    };
    return { id: row.person_id, fullName: row.full_name, lastName: row.full_name.split(" ").at(-1)! };
  } finally {
    db.close();
  }
}

/** A purpose no other test uses, so the ledger rows of this test can be found again. */
export function uniquePurpose(label: string): string {
  return `${label} ${Date.now().toString(36)}`;
}

/** The sign-in form's error region (Next's route announcer is also role=alert, so select it by id). */
export const signInError = (page: Page) => page.locator("#sign-in-error");

export function cell(page: Page, column: string) {
  return page.locator(`[data-column="${column}"]`).first();
}

/** The POST a form's server action makes (its status is the honest answer: 403, 404, 422, 503, or a redirect). */
export function actionResponse(page: Page): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
}

/** Searches from the People page's form (a POST); resolves with the action's response. */
export async function searchPeople(page: Page, query: string, purpose: string): Promise<Response> {
  if (new URL(page.url()).pathname !== "/people") await page.goto("/people");
  await page.getByLabel("Name or person id").fill(query);
  await page.getByLabel("Purpose").fill(purpose);
  const response = actionResponse(page);
  await page.getByRole("button", { name: "Search" }).click();
  return response;
}

/** Opens a record by id with a purpose (the purpose form, a POST); resolves with the action's response. */
export async function openRecord(page: Page, personId: string, purpose: string): Promise<Response> {
  await page.goto(`/people/${encodeURIComponent(personId)}`);
  await page.getByLabel("Purpose").fill(purpose);
  const response = actionResponse(page);
  await page.getByRole("button", { name: "Open record" }).click();
  return response;
}

/** The ledger's head seq, read from the e2e console database (read-only). */
export function ledgerHead(): number {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT coalesce(max(seq), 0) AS head FROM ledger_entries").get() as { head: number }).head;
  } finally {
    db.close();
  }
}

/**
 * Moves the server's clock to `offsetMs` ahead of real time (0 puts it back). Only for specs in the "clock"
 * project (`*.clock.spec.ts`), which run after every other journey. The server re-reads the file on its next now().
 */
export function setServerClockOffset(offsetMs: number): void {
  const file = process.env.WARDEN_TEST_CLOCK_FILE;
  if (!file) throw new Error("WARDEN_TEST_CLOCK_FILE is not set (playwright.config.ts sets it)");
  writeFileSync(file, JSON.stringify({ offsetMs }));
}

export interface GrantFormInput {
  email: string;
  scope: string;
  amount: number;
  unit: "hours" | "days";
  reason: string;
}

/** Fills the /grants/new form (signed in as a privacy admin) without submitting it. */
export async function fillGrantForm(page: Page, g: GrantFormInput): Promise<void> {
  await page.goto("/grants/new");
  await page.getByLabel("Grant to (email)").fill(g.email);
  await page.getByRole("combobox", { name: "Tier", exact: true }).selectOption(g.scope);
  await page.getByLabel("For (number)").fill(String(g.amount));
  await page.getByLabel("For (unit)").selectOption(g.unit);
  await page.getByRole("textbox", { name: "Reason", exact: true }).fill(g.reason);
}

/** A privacy admin's direct grant through the /grants/new form; resolves with the new grant's id (from the page it lands on). */
export async function grantViaForm(page: Page, g: GrantFormInput): Promise<string> {
  await fillGrantForm(page, g);
  await page.getByRole("button", { name: "Grant access" }).click();
  await expect(page).toHaveURL(/\/grants\/grt_[0-9a-z]+\?notice=granted$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** A privacy admin's change of one catalog column through the Catalog page's form; waits for the saved notice. */
export async function changeCatalogColumn(
  page: Page,
  c: { dataset: string; column: string; tier?: string; maskRule: string; reason: string },
): Promise<void> {
  await page.goto("/catalog");
  const section = page.locator(`[data-dataset="${c.dataset}"]`);
  await section.getByText("Change a column", { exact: true }).click();
  const form = page.getByRole("form", { name: `Change a column of ${c.dataset}` });
  await form.getByLabel("Column").selectOption(c.column);
  if (c.tier) await form.getByLabel("Tier").selectOption(c.tier);
  await form.getByLabel("Masking rule").selectOption(c.maskRule);
  await form.getByLabel("Why this change").fill(c.reason);
  await form.getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByText(`Saved: ${c.dataset} · ${c.column} is now`)).toBeVisible();
}
