// Machine API journey (issue 7 §5): a privacy admin creates a token in the console (its secret shown once), a script
// posts a batch of access events with it, an auditor finds them in the access ledger; the token is revoked and stops
// working; an analyst cannot reach the token page (403, recorded).
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { actionResponse, DEMO, signIn, signOut } from "./fixtures";

test("a privacy admin creates a token, a script reports events with it, the auditor sees them in the ledger", async ({ page, request }) => {
  const name = `bi-e2e-${Date.now().toString(36)}`;
  const action = `bi.report_viewed_${Date.now().toString(36)}`;

  await signIn(page, DEMO.privacy);
  await page.getByRole("link", { name: "API tokens" }).first().click();
  await expect(page).toHaveURL(/\/tokens$/);
  const form = page.getByRole("form", { name: "Create a machine token" });
  await form.getByLabel("Name").fill(name);
  const owner = form.getByLabel("Owner");
  await owner.selectOption((await owner.locator("option", { hasText: `(${DEMO.privacy})` }).getAttribute("value"))!);
  await form.getByLabel("events:write").check();
  const created = actionResponse(page);
  await form.getByRole("button", { name: "Create token" }).click();
  expect((await created).status()).toBe(200);
  const secret = (await page.getByTestId("token-secret").textContent())!.trim();
  expect(secret).toMatch(/^wdn_[0-9a-z]{52}$/);
  // Shown once: a fresh load of the page lists the token but never its secret.
  await page.reload();
  const item = page.locator(`[data-token="${name}"]`);
  await expect(item).toBeVisible();
  await expect(item.getByTestId("last-used")).toHaveText("never");
  expect(await page.content()).not.toContain(secret);

  const events = [1, 2, 3].map((i) => ({
    event_id: randomUUID(),
    event_name: action,
    event_version: "1.0.0",
    occurred_at: new Date(Date.now() - 30_000).toISOString(),
    actor_user_id: `usr_bi${i}`,
    actor_role: "analyst",
    request_id: `e2e-${randomUUID()}`,
    privacy_tier: "pii_basic",
    payload: { dataset: "marketplace.people@1", record_id: `usr_p${i}`, row_count: 1 },
  }));
  const bad = { ...events[0], event_id: randomUUID(), payload: { note: "mail jane.doe@example.com" } };
  const res = await request.post("/api/v1/access-events", {
    headers: { authorization: `Bearer ${secret}` },
    data: { events: [...events, bad, events[0]] },
  });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { accepted: number; duplicates: number; rejected: number; results: Array<{ status: string; field?: string }> };
  expect(body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 1 });
  expect(body.results[3]).toMatchObject({ status: "rejected", field: "payload.note" });

  await page.reload();
  await expect(page.locator(`[data-token="${name}"]`).getByTestId("last-used")).not.toHaveText("never");
  await signOut(page);

  await signIn(page, DEMO.auditor);
  await page.goto("/ledger");
  await expect(page.getByText(action).first()).toBeVisible();
  // The table and its small-screen card layout both render each row; count the visible ones.
  await expect(page.getByText(action).filter({ visible: true })).toHaveCount(3);
  await signOut(page);

  // Revoked in the console: the next call is refused.
  await signIn(page, DEMO.privacy);
  await page.goto("/tokens");
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByText("Token revoked.")).toBeVisible();
  const after = await request.post("/api/v1/access-events", { headers: { authorization: `Bearer ${secret}` }, data: events[1] });
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
});

/** Refusals of the token page recorded so far (read-only on the e2e console database, as an auditor's tool would). */
function tokenPageRefusals(): number {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare("SELECT count(*) AS n FROM ledger_entries WHERE action = 'console.access_denied' AND resource = 'permission:token.manage'")
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

test("an analyst gets 403 on the token page (recorded) and sees no link to it", async ({ page }) => {
  await signIn(page, DEMO.analyst);
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveCount(0);
  const before = tokenPageRefusals();
  const res = await page.goto("/tokens");
  expect(res?.status()).toBe(403);
  expect(tokenPageRefusals()).toBe(before + 1);
});

test("the API answers without a token with 401 and serves its OpenAPI document", async ({ request }) => {
  const res = await request.get("/api/v1/ledger/entries");
  expect(res.status()).toBe(401);
  expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
});
