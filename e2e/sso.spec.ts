// Journey: single sign-on through a real OpenID provider (scripts/e2e/oidc-provider.mjs, started by scripts/test.sh).
// A provisioned account signs in; an email Warden does not know is refused, and an auditor finds the refusal.
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, signInError } from "./fixtures";

const SSO_USER = "sso-auditor@warden.test"; // provisioned without a password by scripts/e2e-prepare.sh

function ssoSettings(): { issuer: string; name: string } {
  const issuer = process.env.OIDC_ISSUER;
  if (!issuer) throw new Error("OIDC_ISSUER is not set; run the e2e suite through `npm test`");
  return { issuer, name: process.env.OIDC_NAME ?? "Single sign-on" };
}

interface LedgerRow {
  seq: number;
  action: string;
  actor_id: string | null;
  payload: string | null;
}

/** Ledger entries after `seq`, read from the console database: the page does not show payloads. */
function ledgerAfter(seq: number): LedgerRow[] {
  return withConsoleDb(
    (db) => db.prepare("SELECT seq, action, actor_id, payload FROM ledger_entries WHERE seq > ? ORDER BY seq").all(seq) as LedgerRow[],
  );
}

function ledgerHead(): number {
  return withConsoleDb((db) => (db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM ledger_entries").get() as { seq: number }).seq);
}

function withConsoleDb<T>(read: (db: Database.Database) => T): T {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

async function signInWithSso(page: Page, email: string): Promise<void> {
  const { issuer, name } = ssoSettings();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${name}` }).click();
  // At the identity provider, a different origin: its own login page.
  await expect(page).toHaveURL((url) => url.origin === new URL(issuer).origin && url.pathname.startsWith("/interaction/"));
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

/** The auditor's ledger row for one entry, found by its sequence number (the first cell). */
function ledgerRow(page: Page, seq: number) {
  return page.locator("tr").filter({ has: page.getByTestId("seq").getByText(`#${seq}`, { exact: true }) });
}

test("a provisioned account signs in through the identity provider, and the sign-in is ledgered as oidc", async ({ page }) => {
  const before = ledgerHead();
  await signInWithSso(page, SSO_USER);

  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByText(SSO_USER).first()).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access ledger" }).click();
  await expect(page).toHaveURL(/\/ledger$/);
  await expect(page.getByRole("heading", { level: 1, name: "Access ledger" })).toBeVisible();

  const signedIn = ledgerAfter(before).filter((e) => e.action === "auth.signed_in");
  expect(signedIn).toHaveLength(1);
  expect(JSON.parse(signedIn[0].payload ?? "{}")).toMatchObject({ method: "oidc" });
  const row = ledgerRow(page, signedIn[0].seq);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("auth.signed_in");
  await expect(row.getByTestId("actor")).toHaveText(SSO_USER);
  await expect(row.locator("[data-decision]")).toHaveAttribute("data-decision", "allow");
});

test("an email Warden does not know is refused at sign-in, gets no session, and the refusal is ledgered", async ({ page, browser }) => {
  const before = ledgerHead();
  await signInWithSso(page, `stranger-${Date.now().toString(36)}@elsewhere.test`);

  await expect(page).toHaveURL(/\/sign-in\?.*error=AccessDenied/);
  await expect(signInError(page)).toContainText("does not have access to Warden");
  const session = await page.request.get("/api/auth/session");
  expect(await session.json()).not.toHaveProperty("user");
  await page.goto("/people");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  const entries = ledgerAfter(before).filter((e) => e.action === "auth.sign_in_failed");
  expect(entries).toHaveLength(1);
  expect(entries[0].actor_id).toBeNull();
  expect(JSON.parse(entries[0].payload ?? "{}")).toMatchObject({ method: "oidc", reason: "unknown_user" });

  const auditor = await browser.newPage();
  await signIn(auditor, DEMO.auditor);
  await auditor.goto("/ledger");
  const row = ledgerRow(auditor, entries[0].seq);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("auth.sign_in_failed");
  await expect(row).toContainText("user:unknown");
  await expect(row.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await auditor.close();
});
