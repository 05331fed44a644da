// Leak trace (issue 8 §7): a privacy admin pastes rows or uploads a file and gets a ranking with a confidence
// figure, recorded in the ledger; a file that is not CSV or XLSX gets a clear 422, a 200 MB upload a 413 before it
// is read; other roles are refused on the server.
import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

async function openTrace(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leak trace" }).click();
  await expect(page.getByRole("heading", { name: "Leak trace", level: 1 })).toBeVisible();
}

test("privacy admin: pasted rows are traced, ranked and ledgered; a non-CSV file is refused with the reason", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  await openTrace(page);
  await page
    .getByLabel("Or paste rows")
    .fill("usr_x;tok_abcdefghijklmnopqrst;2026-01-02T03:04:05Z\nusr_y;tok_bcdefghijklmnopqrstu;2026-01-02T03:05:06Z\n");
  await page.getByRole("button", { name: "Trace" }).click();
  await expect(page.getByText("No export attributed")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "2 rows read (pasted); 2 tokens and 1 timestamp column(s)" })).toContainText(
    "ledger entry #",
  );

  await page
    .getByLabel("Suspect file")
    .setInputFiles({ name: "photo.csv", mimeType: "text/csv", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) });
  await page.getByRole("button", { name: "Trace" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not traced" })).toContainText("The file is neither CSV nor XLSX");
});

test("a 200 MB upload is refused with 413 from its declared length, without the server taking it all", async ({ page, baseURL }) => {
  await signIn(page, DEMO.privacy);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const url = new URL("/exports/trace/run?source=file", baseURL);
  const total = 200 * 1024 * 1024;
  const got = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { cookie, "content-type": "text/csv", "content-length": String(total) } }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    // Streams the body as a browser would, and stops as soon as the answer is in.
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (sent >= total) req.end();
    };
    pump();
  });
  expect(got.status).toBe(413);
  expect(JSON.parse(got.body)).toMatchObject({ error: { code: "too_large", field: "file" } });
  expect(JSON.parse(got.body).error.message).toContain("larger than 8 MB");
});

test("analyst and auditor: the Leak trace page and its upload are refused", async ({ page }) => {
  for (const who of [DEMO.analyst, DEMO.auditor]) {
    await signIn(page, who);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leak trace" })).toHaveCount(0);
    expect((await page.goto("/exports/trace"))?.status()).toBe(403);
    const res = await page.request.post("/exports/trace/run?source=text", { data: "a,b\n", headers: { "content-type": "text/plain" } });
    expect(res.status()).toBe(403);
    await page.context().clearCookies();
  }
});
