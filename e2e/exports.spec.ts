// Issue 8's "Done when" for exports, in Chromium: an analyst exports people with the TIN masked (no approval) and the
// file is masked exactly as the preview said; asks for phone in clear, a privacy admin approves, the build shows
// progress and the download works; analyst2 opening the analyst's link gets 403; the auditor finds the request, the
// approval, the build and both download attempts in the ledger. Also a denial and a cancellation (ledger-intact).
import Database from "better-sqlite3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signIn, uniquePurpose } from "./fixtures";

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

function warehouse<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(process.env.WAREHOUSE_URL!.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Fills the wizard: ticks each column (by label), asks some in clear, waits for the preview of every one. */
async function fillWizard(page: Page, o: { columns: string[]; clear?: string[]; purpose: string }) {
  await page.goto("/exports");
  const wizard = page.getByRole("form", { name: "New export" });
  await wizard.getByLabel("Dataset").selectOption("marketplace.people@1");
  for (const label of o.columns) await wizard.getByLabel(label, { exact: true }).check();
  for (const label of o.clear ?? []) await wizard.getByLabel(`Ask ${label} in clear`, { exact: true }).check();
  await wizard.getByLabel("Purpose").fill(o.purpose);
  await expect(page.getByTestId("export-preview").locator("tr[data-column]")).toHaveCount(o.columns.length);
  return wizard;
}

/** The preview's verdict per column: treatment and rule. */
async function previewed(page: Page): Promise<Record<string, { treatment: string; rule: string }>> {
  const out: Record<string, { treatment: string; rule: string }> = {};
  for (const row of await page.getByTestId("export-preview").locator("tr[data-column]").all()) {
    out[(await row.getAttribute("data-column"))!] = {
      treatment: (await row.getAttribute("data-treatment"))!,
      rule: (await row.getAttribute("data-rule"))!,
    };
  }
  return out;
}

async function submit(page: Page, button: string): Promise<string> {
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/\/exports\/exp_[0-9a-z]+\?notice=created/);
  return page.url().match(/exp_[0-9a-z]+/)![0];
}

/** Waits (the page refreshes itself every second while building) until the export is ready. */
async function waitReady(page: Page, id: string) {
  await page.goto(`/exports/${id}`);
  await expect(page.locator("[data-export-status]").first()).toHaveAttribute("data-export-status", "ready", { timeout: 60_000 });
}

/** The CSV's header and rows, the `# CONFIDENTIAL` comment line(s) set aside. */
function parseCsv(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  const comments = lines.filter((l) => l.startsWith("#"));
  const [header, ...rows] = lines.filter((l) => !l.startsWith("#")).map(splitCsvLine);
  return { comments, header, rows };
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** The index of a column in the file's header, by its name or its label. */
function columnIndex(header: string[], name: string, label: string): number {
  const i = header.findIndex((h) => h === name || h === label);
  expect(i, `${name} is in the file's header (${header.join(",")})`).toBeGreaterThanOrEqual(0);
  return i;
}

function phoneBook(): Map<string, string | null> {
  return new Map(warehouse<{ person_id: string; phone: string | null }>("SELECT person_id, phone FROM people").map((p) => [p.person_id, p.phone]));
}
async function downloadHref(page: Page, id: string): Promise<string> {
  await page.goto(`/exports/${id}`);
  return (await page.getByRole("link", { name: /^Download CSV$/ }).getAttribute("href"))!;
}

// Builds run on the server's job runner; a build of the demo people takes a few seconds on a busy machine.
test.describe.configure({ mode: "serial", timeout: 120_000 });

test("an analyst exports people with the TIN masked, no approval; the file is masked exactly as the preview said", async ({ browser }) => {
  const analyst = await as(browser, DEMO.analyst);
  await fillWizard(analyst, { columns: ["Person ID", "Full name", "State", "TIN"], purpose: uniquePurpose("Supplier tax review") });
  await expect(analyst.getByTestId("preview-approval")).toHaveAttribute("data-approval", "none");
  const preview = await previewed(analyst);
  expect(preview).toEqual({
    person_id: { treatment: "clear", rule: "" },
    full_name: { treatment: "clear", rule: "" },
    state: { treatment: "clear", rule: "" },
    tin: { treatment: "masked", rule: "show_last_4" },
  });
  await expect(analyst.getByTestId("preview-rows")).toContainText(/About [\d,]+ rows \(cap 50,000 for a pii_tax export\)/);
  const id = await submit(analyst, "Request export");
  await waitReady(analyst, id);

  const href = await downloadHref(analyst, id);
  const res = await analyst.request.get(href);
  expect(res.status()).toBe(200);
  const fileName = (await analyst.getByTestId("file-name").textContent())!.trim();
  expect(res.headers()["content-disposition"]).toBe(`attachment; filename="${fileName}"`);
  expect(fileName).toMatch(new RegExp(`^marketplace\\.people@1__${id}__analyst@warden\\.test__\\d{4}-\\d{2}-\\d{2}__CONFIDENTIAL\\.csv$`));
  const body = await res.text();
  const csv = parseCsv(body);
  expect(csv.comments[0]).toMatch(/^# CONFIDENTIAL/);
  const truth = new Map(
    warehouse<{ person_id: string; full_name: string; state: string; tin: string | null }>("SELECT person_id, full_name, state, tin FROM people").map(
      (p) => [p.person_id, p],
    ),
  );
  expect(csv.rows.length).toBe(truth.size);
  const at = {
    id: columnIndex(csv.header, "person_id", "Person ID"),
    name: columnIndex(csv.header, "full_name", "Full name"),
    state: columnIndex(csv.header, "state", "State"),
    tin: columnIndex(csv.header, "tin", "TIN"),
  };
  // Compared in plain code, one assertion at the end: Playwright records every expect as a step.
  const wrong: string[] = [];
  let masked = 0;
  for (const row of csv.rows) {
    const p = truth.get(row[at.id]);
    if (!p) {
      wrong.push(`${row[at.id]} is not a person`);
      continue;
    }
    // Clear as previewed: the warehouse's own values.
    if (row[at.name] !== p.full_name) wrong.push(`${p.person_id} full_name`);
    if (row[at.state] !== (p.state ?? "")) wrong.push(`${p.person_id} state`);
    // Masked by show_last_4: separators kept, every character but the last four hidden.
    if (p.tin) {
      if (row[at.tin] !== p.tin.replace(/[0-9A-Za-z](?=(?:[^0-9A-Za-z]*[0-9A-Za-z]){4})/g, "\u2022")) wrong.push(`${p.person_id} tin`);
      masked++;
    }
  }
  expect(wrong).toEqual([]);
  expect(masked).toBeGreaterThan(0);
  await analyst.context().close();
});

test("phone in clear: approved by a privacy admin, the build shows progress, the download works; analyst2 gets 403; the auditor sees it all", async ({
  browser,
}) => {
  const analyst = await as(browser, DEMO.analyst);
  await fillWizard(analyst, { columns: ["Person ID", "Phone"], clear: ["Phone"], purpose: uniquePurpose("Supplier callback campaign") });
  await expect(analyst.getByTestId("preview-approval")).toHaveAttribute("data-approval", "required");
  await expect(analyst.getByTestId("preview-approval")).toContainText("Phone (pii_sensitive) would leave unmasked above pii_basic");
  expect((await previewed(analyst)).phone).toEqual({ treatment: "clear", rule: "" });
  const id = await submit(analyst, "Submit for approval");
  await expect(analyst.locator("[data-export-status]").first()).toHaveAttribute("data-export-status", "pending_approval");

  const privacy = await as(browser, DEMO.privacy);
  await privacy.goto("/exports/approvals");
  await privacy.getByRole("link", { name: id }).click();
  await expect(privacy.getByRole("heading", { name: `Export ${id}` })).toBeVisible();
  await privacy.getByLabel("Comment").fill("Callback campaign agreed");
  await privacy.getByRole("button", { name: "Approve export" }).click();
  await expect(privacy.getByText("Export approved: the build is queued.")).toBeVisible();
  await privacy.context().close();

  const phones = phoneBook();
  // Progress: the requester's page shows the bar while the build runs and refreshes itself until the file is ready.
  await analyst.goto(`/exports/${id}`);
  const seen = new Set<string>();
  for (let i = 0; i < 120; i++) {
    const status = (await analyst.locator("[data-export-status]").first().getAttribute("data-export-status"))!;
    seen.add(status);
    if (status === "building") await expect(analyst.getByRole("progressbar", { name: "Build progress" })).toBeVisible();
    if (status === "ready" || status === "failed") break;
    await analyst.waitForTimeout(250);
  }
  expect([...seen].at(-1)).toBe("ready");
  // The bar ends full: every row the build counted was written.
  const bar = analyst.getByRole("progressbar", { name: "Build progress" });
  await expect(bar).toHaveAttribute("value", String(phones.size));
  await expect(bar).toHaveAttribute("max", String(phones.size));
  await expect(bar.locator("xpath=..")).toContainText(`${phones.size.toLocaleString("en-US")} of ${phones.size.toLocaleString("en-US")} rows (100%)`);

  const href = await downloadHref(analyst, id);
  const res = await analyst.request.get(href);
  expect(res.status()).toBe(200);
  const csv = parseCsv(await res.text());
  const [pid, ph] = [columnIndex(csv.header, "person_id", "Person ID"), columnIndex(csv.header, "phone", "Phone")];
  expect(csv.rows.length).toBe(phones.size);
  expect(csv.rows.filter((row) => row[ph] !== (phones.get(row[pid]) ?? "")).map((row) => row[pid])).toEqual([]);
  await analyst.context().close();

  // Anyone else opening the analyst's link: 403, recorded.
  const analyst2 = await as(browser, DEMO.analyst2);
  const refused = await analyst2.goto(href);
  expect(refused?.status()).toBe(403);
  await expect(analyst2.locator("#download-reason")).toContainText("only its requester may download it");
  await analyst2.context().close();

  // The auditor: the request, the approval, the build and both download attempts, from the ledger.
  const auditor = await as(browser, DEMO.auditor);
  await auditor.goto(`/ledger?record=${id}&order=oldest`);
  const actions = await auditor.locator("main").textContent();
  for (const action of ["exports.requested", "exports.approved", "exports.built", "exports.downloaded", "exports.download_refused"]) {
    expect(actions, `${action} is in the auditor's ledger view`).toContain(action);
  }
  await auditor.goto(`/exports/${id}`);
  const history = auditor.getByTestId("export-history");
  await expect(history.locator("tr[data-action='exports.downloaded']")).toContainText(DEMO.analyst);
  await expect(history.locator("tr[data-action='exports.download_refused']")).toContainText(DEMO.analyst2);
  await expect(history.locator("tr[data-action='exports.download_refused']")).toContainText("deny");
  await expect(history.locator("tr[data-action='exports.approved']")).toContainText(DEMO.privacy);
  await expect(auditor.getByTestId("file-sha256")).toHaveText(/sha256 [0-9a-f]{64}/);
  await auditor.context().close();
});

test("a privacy admin denies one export with a reason; the analyst cancels another before its build", async ({ browser }) => {
  const analyst = await as(browser, DEMO.analyst);
  await fillWizard(analyst, { columns: ["Person ID", "Street address"], clear: ["Street address"], purpose: uniquePurpose("Venue mailing list") });
  const denied = await submit(analyst, "Submit for approval");
  await fillWizard(analyst, { columns: ["Person ID", "Phone"], clear: ["Phone"], purpose: uniquePurpose("Changed my mind") });
  const cancelled = await submit(analyst, "Submit for approval");
  await analyst.getByRole("button", { name: "Cancel export" }).click();
  await expect(analyst.getByText("Export cancelled.")).toBeVisible();
  await expect(analyst.locator("[data-export-status]").first()).toHaveAttribute("data-export-status", "cancelled");

  const privacy = await as(browser, DEMO.privacy);
  await privacy.goto(`/exports/${denied}`);
  // A denial needs a reason: refused with the field named, nothing changed.
  await privacy.getByRole("button", { name: "Deny export" }).click();
  await expect(privacy.getByText("Add a comment")).toBeVisible();
  await privacy.getByLabel("Comment").fill("Street addresses are not needed for a mailing");
  await privacy.getByRole("button", { name: "Deny export" }).click();
  await expect(privacy.getByText("Export denied; the requester has been told.")).toBeVisible();
  await expect(privacy.locator("[data-export-status]").first()).toHaveAttribute("data-export-status", "denied");
  // The cancelled one is no longer waiting.
  await privacy.goto("/exports/approvals");
  await expect(privacy.getByRole("link", { name: cancelled })).toHaveCount(0);
  await privacy.context().close();

  await analyst.goto("/inbox");
  await expect(analyst.getByText(`Export ${denied} denied`)).toBeVisible();
  await analyst.context().close();
});
