// The auditor's ledger browser (issue 7 §4): filter by actor and tier, open an entry and its neighbours, download
// the CSV of the view (ledgered before it is served); an analyst reaches none of it (403, recorded).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { DEMO, openRecord, signIn, somePerson, uniquePurpose } from "./fixtures";

function consoleDb<T>(fn: (db: Database.Database) => T): T {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

test("the auditor filters by actor and tier, opens an entry with its neighbours, and downloads the CSV of the view", async ({ page, browser }) => {
  // An analyst's record view: an entry with a tier asked and a tier shown.
  const analyst = await browser.newPage();
  await signIn(analyst, DEMO.analyst);
  const purpose = uniquePurpose("Ledger browser");
  await openRecord(analyst, somePerson(5).id, purpose);
  await expect(analyst.getByTestId("ledger-seq")).toBeVisible();
  const seq = Number((await analyst.getByTestId("ledger-seq").textContent())!.replace("#", ""));
  await analyst.close();
  const entry = consoleDb((db) => db.prepare("SELECT privacy_tier, disclosed_tier FROM ledger_entries WHERE seq = ?").get(seq)) as {
    privacy_tier: string;
    disclosed_tier: string | null;
  };

  // Sign a checkpoint now, as the checkpoint job would within minutes, so the entry has an inclusion proof.
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "ledger", "checkpoint"], { env: process.env });
  await signIn(page, DEMO.auditor);
  // Query names that are also Object.prototype members once made the page carry a function into a hidden field (500).
  expect((await page.goto("/ledger?toString=1&constructor=x&hasOwnProperty=y"))?.status()).toBe(200);
  await page.goto("/ledger");
  await expect(page.getByTestId("coverage")).toContainText(/signed checkpoint|empty/);
  await page.getByText("Filters", { exact: true }).click();
  // The actor is typed as an email; the address afterwards names only the user id (no personal data in URLs).
  const filters = page.getByRole("search", { name: "Filter the ledger" });
  await filters.getByLabel("Actor").fill(DEMO.analyst);
  await filters.getByLabel("Tier asked").selectOption(entry.privacy_tier);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/actor=usr_/);
  expect(page.url()).not.toContain("%40");
  expect(page.url()).toContain(`asked=${entry.privacy_tier}`);
  const row = page.locator("tr").filter({ has: page.getByTestId("seq").getByText(`#${seq}`, { exact: true }) });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("actor")).toHaveText(DEMO.analyst);
  // Tiers told apart: asked and shown in clear, side by side.
  await expect(row.getByTestId("tiers")).toHaveAttribute("data-asked", entry.privacy_tier);
  await expect(row.getByTestId("tiers")).toHaveAttribute("data-shown", entry.disclosed_tier ?? "nothing");
  // Every row of the filtered view is the analyst's.
  for (const actor of await page.locator("tr [data-testid=actor]").allTextContents()) expect(actor).toBe(DEMO.analyst);
  await expect(page.getByTestId("match-count")).toContainText(/entr(y|ies) match/);

  // The CSV of this view: recorded in the ledger, then served.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, "utf8").trim().split("\r\n");
  expect(csv[0]).toMatch(/^seq,occurred_at,actor_id,actor_email/);
  expect(csv.some((line) => line.startsWith(`${seq},`))).toBe(true);
  expect(csv.slice(1).every((line) => line.includes(DEMO.analyst))).toBe(true);
  const exported = consoleDb((db) =>
    db.prepare("SELECT actor_role, payload FROM ledger_entries WHERE action = 'ledger.entries_exported' ORDER BY seq DESC LIMIT 1").get(),
  ) as { actor_role: string; payload: string };
  expect(exported.actor_role).toBe("auditor");
  expect(JSON.parse(exported.payload).filters).toMatchObject({ asked: entry.privacy_tier, actor: expect.stringMatching(/^usr_/) });

  // The entry's detail: the full record, why it was masked, and its neighbours.
  await row.getByRole("link", { name: new RegExp(`#${seq}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/ledger/${seq}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Entry #${seq}`);
  await expect(page.getByText(purpose)).toBeVisible();
  await expect(page.getByTestId("detail-actor")).toContainText(DEMO.analyst);
  await expect(page.getByTestId("columns-shown")).not.toBeEmpty();
  await expect(page.getByTestId("grants-in-force")).toContainText("reconstructed");
  const proof = page.getByRole("region", { name: "Inclusion proof" });
  await expect(proof.getByTestId("proof-checkpoint")).toContainText(/tree size \d+/);
  await expect(proof.getByRole("list", { name: "Audit path, leaf to root" })).toBeVisible();
  await expect(proof.getByRole("link", { name: "Download proof" })).toBeVisible();
  await page.getByRole("link", { name: `← #${seq - 1}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Entry #${seq - 1}`);
  await expect(page.getByRole("link", { name: `#${seq} →` })).toBeVisible();
});

test("an analyst reaches none of it: the browser, an entry and the CSV are refused (403) and recorded", async ({ page }) => {
  await signIn(page, DEMO.analyst);
  const before = consoleDb((db) => (db.prepare("SELECT COALESCE(MAX(seq), 0) AS s FROM ledger_entries").get() as { s: number }).s);
  expect((await page.goto("/ledger"))?.status()).toBe(403);
  expect((await page.goto("/ledger/1"))?.status()).toBe(403);
  const csv = await page.request.post("/ledger/export", { form: { decision: "allow" } });
  expect(csv.status()).toBe(403);
  expect((await csv.json()).error.code).toBe("forbidden");
  const denials = consoleDb((db) =>
    db.prepare("SELECT resource, action FROM ledger_entries WHERE seq > ? AND action = 'console.access_denied' AND decision = 'deny'").all(before),
  ) as Array<{ resource: string }>;
  expect(denials.length).toBeGreaterThanOrEqual(3);
  expect(denials.every((d) => d.resource === "permission:ledger.read")).toBe(true);
  const exports = consoleDb((db) =>
    db.prepare("SELECT COUNT(*) AS n FROM ledger_entries WHERE seq > ? AND action = 'ledger.entries_exported'").get(before),
  ) as {
    n: number;
  };
  expect(exports.n).toBe(0);
});
