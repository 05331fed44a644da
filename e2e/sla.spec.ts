// SLA dashboards journey (issue 10): the dashboard shows the seed's ten SLAs and the governance SLIs by key@version
// with their 90-day history; a script posts pipeline runs that breach pipeline success and the tile turns red with
// its budget recomputed, and the detail page shows the breach on its chart and in its list; analysts and auditors
// read but cannot edit; a privacy admin's edit makes @2 and both versions are judged side by side; bad input to the
// edit form gets field errors and makes no version; keys that are no SLA answer 404.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { actionResponse, DEMO, signIn } from "./fixtures";

const SEED_SLAS = [
  "ops.silver_freshness",
  "finance.gold_close",
  "platform.event_loss",
  "platform.pipeline_success",
  "finance.reconciliation_variance",
  "platform.schema_dq",
  "bi.tile_catalog_refs",
  "governance.pii_access_logged",
  "bi.core_tile_p95",
  "finance.warehouse_cost",
];
// Every capability they measure has landed (requests, grants, reviews, purge, exports), so all five are shown.
const GOVERNANCE_SLIS = [
  "governance.access_approval_time",
  "governance.grants_past_expiry",
  "governance.reviews_on_time",
  "governance.purge_success",
  "governance.export_approval_time",
];

const tile = (page: Page, key: string) => page.locator(`[data-sla-tile="${key}"]`);

/**
 * The ingest body for `n` failed pipeline runs that finished within the last hour (lib/sla/types.ts: pipeline_run,
 * subject = pipeline, observed_at = finished_at, window_start = started_at). One place to adjust if the item shape moves.
 */
function failedPipelineRuns(n: number, now = Date.now()): { observations: unknown[] } {
  const observations = Array.from({ length: n }, (_, i) => {
    const finished = new Date(now - 60_000 - i * 90_000);
    return {
      id: `e2e-run-${randomUUID()}`,
      sla: "platform.pipeline_success",
      kind: "pipeline_run",
      pipeline: `silver_orders_${i % 3}`,
      run_id: `run_${randomUUID()}`,
      started_at: new Date(finished.getTime() - 120_000).toISOString(),
      finished_at: finished.toISOString(),
      status: "failure",
    };
  });
  return { observations };
}

/** A machine token allowed to report SLA observations, created in the console as a privacy admin would. */
async function createSlaToken(page: Page): Promise<string> {
  await page.goto("/tokens");
  const form = page.getByRole("form", { name: "Create a machine token" });
  await form.getByLabel("Name").fill(`sla-e2e-${Date.now().toString(36)}`);
  const owner = form.getByLabel("Owner");
  await owner.selectOption((await owner.locator("option", { hasText: `(${DEMO.privacy})` }).getAttribute("value"))!);
  await form.getByLabel("sla:write").check();
  const created = actionResponse(page);
  await form.getByRole("button", { name: "Create token" }).click();
  expect((await created).status()).toBe(200);
  return (await page.getByTestId("token-secret").textContent())!.trim();
}

const percentOf = (text: string | null) => Number((text ?? "").replace(/[^0-9.-]/g, ""));

test.describe("SLA dashboards", () => {
  test("the dashboard shows every seed SLA and governance SLI by key@version, with history", async ({ page }) => {
    await signIn(page, DEMO.analyst);
    await page.getByRole("link", { name: "SLAs" }).first().click();
    await expect(page).toHaveURL(/\/sla$/);
    await expect(page.getByRole("heading", { level: 1, name: "SLAs" })).toBeVisible();
    for (const key of [...SEED_SLAS, ...GOVERNANCE_SLIS]) {
      await expect(tile(page, key)).toBeVisible();
      await expect(tile(page, key).locator(`[data-sla-ref="${key}@1"]`)).toHaveText(`${key}@1`);
      // Colour is never the only signal: each tile names its status. The demo's history (observations for the
      // platform's SLAs, and the console's own past requests, reads, reviews, exports and purges for the governance
      // SLIs) gives every tile data.
      await expect(tile(page, key).locator("[data-sla-status]").first()).toHaveText(/Holding|At risk|Breached/);
    }
    await expect(page.getByRole("heading", { name: "Governance SLIs" })).toBeVisible();
    // The summary adds up to the tiles.
    let sum = 0;
    for (const s of ["ok", "warn", "breach", "no_data"]) sum += Number(await page.getByTestId(`sla-count-${s}`).textContent());
    expect(sum).toBe(SEED_SLAS.length + GOVERNANCE_SLIS.length);
    // 90 days of history: the heatmap has a row per SLA and 90 labelled cells in each; the demo history has breaches.
    const row = page.locator('[data-heatmap-row="ops.silver_freshness"] [data-day]');
    await expect(row).toHaveCount(90);
    await expect(row.first()).toHaveAttribute("aria-label", /^\d{4}-\d{2}-\d{2}: (Holding|At risk|Breached|No data)/);
    expect(await page.locator('[data-heatmap-row] [data-status="breach"]').count()).toBeGreaterThan(0);
    await expect(page.getByRole("list", { name: "Legend" })).toContainText("Breached");
    // The analyst reads the detail page but has no way to edit.
    await tile(page, "ops.silver_freshness").getByRole("link", { name: "Ops Silver freshness" }).click();
    await expect(page).toHaveURL(/\/sla\/ops\.silver_freshness$/);
    await expect(page.getByTestId("sla-versions").locator("[data-version]")).toHaveCount(1);
    await expect(page.getByRole("link", { name: /Edit/ })).toHaveCount(0);
    const res = await page.goto("/sla/ops.silver_freshness/edit");
    expect(res?.status()).toBe(403);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  });

  test("a script breaches pipeline success: the tile turns red, its budget is recomputed, the chart shows the breach", async ({ page, request }) => {
    await signIn(page, DEMO.privacy);
    await page.goto("/sla");
    const before = {
      failuresLeft: Number(await tile(page, "platform.pipeline_success").getByTestId("sla-failures-left").textContent()),
      remaining: percentOf(await tile(page, "platform.pipeline_success").getByTestId("sla-budget-pct").textContent()),
    };

    const secret = await createSlaToken(page);
    const res = await request.post("/api/v1/sla/observations", {
      headers: { authorization: `Bearer ${secret}` },
      data: failedPipelineRuns(40),
    });
    expect(res.status()).toBe(200);

    await page.goto("/sla");
    const t = tile(page, "platform.pipeline_success");
    await expect(t).toHaveAttribute("data-sla-status", "breach");
    await expect(t.locator('[data-sla-status="breach"]').first()).toHaveText("Breached");
    await expect(t.getByTestId("sla-failures-left")).toHaveText("0");
    const remaining = percentOf(await t.getByTestId("sla-budget-pct").textContent());
    expect(remaining).toBeLessThanOrEqual(0);
    expect(remaining).toBeLessThan(before.remaining);
    expect(before.failuresLeft).toBeGreaterThanOrEqual(0);
    // 40 failures in the last hour burn far past 14.4× the budget of a 99.9% target.
    await expect(t.locator('[data-burn="1h"]')).toHaveAttribute("data-alerting", "true");
    await expect(page.getByTestId("sla-count-breach")).not.toHaveText("0");

    await t.getByRole("link", { name: "Pipeline success" }).click();
    await expect(page).toHaveURL(/\/sla\/platform\.pipeline_success$/);
    await page.getByRole("navigation", { name: "Range" }).getByRole("link", { name: "24 h" }).click();
    await expect(page).toHaveURL(/range=24h/);
    const shade = page.getByTestId("sla-chart").getByTestId("chart-breach");
    await expect(shade.first()).toBeVisible();
    await expect(shade.last()).toHaveAttribute("aria-label", /^Breach /);
    const rows = page.getByTestId("sla-breaches").locator("[data-breach-from]");
    await expect(rows.first()).toBeVisible();
    const newest = Date.parse((await rows.first().getAttribute("data-breach-from"))!);
    expect(Date.now() - newest).toBeLessThan(26 * 3_600_000);

    // The home page counts it.
    await page.goto("/");
    expect(Number(await page.getByTestId("home-sla-breached").textContent())).toBeGreaterThanOrEqual(1);
  });

  test("a privacy admin edits a target: bad input gets field errors and no version; a good edit shows @2 beside @1", async ({ page }) => {
    const key = "finance.reconciliation_variance";
    await signIn(page, DEMO.privacy);
    await page.goto(`/sla/${key}`);
    await page.getByRole("link", { name: "Edit (new version)" }).click();
    await expect(page).toHaveURL(new RegExp(`/sla/${key.replace(".", "\\.")}/edit$`));
    const form = page.getByRole("form", { name: "New version of the SLA" });
    // Human units: the target in percent, the variance threshold in percent.
    await expect(form.getByLabel("Target (%)")).toHaveValue("95");
    await expect(form.getByLabel("Threshold (%)", { exact: true })).toHaveValue("0.5");

    await form.getByLabel("Target (%)").fill("150");
    await form.getByLabel("Threshold (%)", { exact: true }).fill("soon");
    await form.getByLabel("Reason for the change").fill("Finance asked for a stricter close (FIN-42)");
    let answer = actionResponse(page);
    await form.getByRole("button", { name: "Save as a new version" }).click();
    expect((await answer).status()).toBe(422);
    await expect(form.getByText("The target must be above 0% and at most 100%.")).toBeVisible();
    await expect(form.getByText(/Enter a number/)).toBeVisible();
    await expect(form.getByLabel("Target (%)")).toHaveAttribute("aria-invalid", "true");
    // What was typed stays.
    await expect(form.getByLabel("Reason for the change")).toHaveValue("Finance asked for a stricter close (FIN-42)");
    // A reason is required by the domain, not only by the browser.
    await form.getByLabel("Target (%)").fill("97.5");
    await form.getByLabel("Threshold (%)", { exact: true }).fill("0.4");
    await form.getByLabel("Reason for the change").fill("   ");
    answer = actionResponse(page);
    await form.getByRole("button", { name: "Save as a new version" }).click();
    expect((await answer).status()).toBe(422);
    await expect(form.locator("#" + (await form.getByLabel("Reason for the change").getAttribute("id")) + "-error")).toBeVisible();

    await page.goto(`/sla/${key}`);
    await expect(page.getByTestId("sla-versions").locator("[data-version]")).toHaveCount(1);

    await page.goto(`/sla/${key}/edit`);
    await form.getByLabel("Target (%)").fill("97.5");
    await form.getByLabel("Threshold (%)", { exact: true }).fill("0.4");
    await form.getByLabel("Reason for the change").fill("Finance asked for a stricter close (FIN-42)");
    await form.getByRole("button", { name: "Save as a new version" }).click();
    await expect(page).toHaveURL(new RegExp(`/sla/${key.replace(".", "\\.")}\\?notice=versioned$`));
    await expect(page.getByText(`${key}@2 is the current version`)).toBeVisible();
    await expect(page.locator("header").locator(`[data-sla-ref="${key}@2"]`)).toBeVisible();
    const byVersion = page.getByTestId("sla-by-version");
    await expect(byVersion.locator('[data-version="1"]')).toContainText(`${key}@1`);
    await expect(byVersion.locator('[data-version="2"]')).toContainText(`${key}@2`);
    const versions = page.getByTestId("sla-versions");
    await expect(versions.locator('[data-version="2"]')).toContainText("97.5%");
    await expect(versions.locator('[data-version="2"]')).toContainText("0.4%");
    await expect(versions.locator('[data-version="2"]')).toContainText("FIN-42");
    await expect(versions.locator('[data-version="2"]')).toContainText(DEMO.privacy);
    await expect(versions.locator('[data-version="1"]')).toContainText("95%");

    // The old version stays viewable: its figures judged under @1.
    await page.getByRole("navigation", { name: "Judged under" }).getByRole("link", { name: "@1" }).click();
    await expect(page).toHaveURL(/version=1/);
    await expect(page.getByText(`You are viewing the figures judged under ${key}@1`)).toBeVisible();

    // The dashboard tile now references @2.
    await page.goto("/sla");
    await expect(tile(page, key).locator(`[data-sla-ref="${key}@2"]`)).toBeVisible();
  });

  test("an auditor reads every SLA page and cannot edit; keys that are no SLA answer 404", async ({ page }) => {
    await signIn(page, DEMO.auditor);
    expect((await page.goto("/sla"))?.status()).toBe(200);
    await expect(tile(page, "finance.gold_close")).toBeVisible();
    for (const range of ["24h", "7d", "30d", "90d"]) {
      expect((await page.goto(`/sla/finance.gold_close?range=${range}`))?.status()).toBe(200);
      await expect(page.getByRole("navigation", { name: "Range" }).locator('[aria-current="page"]')).toHaveText(range.replace(/(\d+)/, "$1 "));
    }
    await expect(page.getByRole("link", { name: /Edit/ })).toHaveCount(0);
    expect((await page.goto("/sla/finance.gold_close/edit"))?.status()).toBe(403);
    for (const bad of ["/sla/..%2Fx", "/sla/nope.nope", "/sla/UPPER.case", "/sla/finance.gold_close?version=99"]) {
      expect((await page.goto(bad))?.status(), bad).toBe(404);
    }
    // A malformed escape never reaches the page: the server refuses the URL itself, never with a 500.
    const malformed = (await page.goto("/sla/%zz"))?.status() ?? 0;
    expect([400, 404]).toContain(malformed);
  });
});
