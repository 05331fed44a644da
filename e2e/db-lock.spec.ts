// Operator's nightmare: another process (a CLI command, a backup) holds the console database's write lock for
// 15 s. The server must keep answering what does not write, and fail writes closed with 503 after its deadline,
// not freeze. Latencies are printed as figures, not asserted as timings.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { actionResponse, DEMO, signIn, somePerson, uniquePurpose } from "./fixtures";

const HOLD_SECONDS = 15;

function holdWriteLock(seconds: number): Promise<ChildProcess> {
  const file = process.env.DATABASE_URL!.slice("file:".length);
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const D=require("better-sqlite3");const d=new D(process.argv[1]);d.exec("BEGIN IMMEDIATE");console.log("locked");setTimeout(()=>{d.exec("ROLLBACK");process.exit(0)},${seconds * 1000});`,
      file,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve(child));
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

test("with a 15 s write lock held elsewhere, health answers at once and a record view fails with 503 after its deadline", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const person = somePerson(7);
  await signIn(page, DEMO.analyst);
  await page.goto(`/people/${person.id}`);
  await page.getByLabel("Purpose").fill(uniquePurpose("Lock drill"));

  const holder = await holdWriteLock(HOLD_SECONDS);
  const held = () => holder.exitCode === null;
  try {
    let t = performance.now();
    const health = await request.get("/api/health");
    const healthMs = performance.now() - t;
    expect(health.status()).toBe(200);
    expect(held()).toBe(true); // it answered while the lock was still held

    const pageLoad = await page.request.get("/people");
    expect(pageLoad.status()).toBe(200);

    // Open the record: its ledger append must wait for the lock. While it waits, the server keeps serving.
    t = performance.now();
    const opened = actionResponse(page);
    let viewAnswered = false;
    void opened.then(() => (viewAnswered = true));
    await page.getByRole("button", { name: "Open record" }).click();
    await new Promise((r) => setTimeout(r, 1_500));
    const during = performance.now();
    const healthDuring = await request.get("/api/health");
    const healthDuringMs = performance.now() - during;
    expect(healthDuring.status()).toBe(200);
    expect(viewAnswered).toBe(false); // health answered while the view was still waiting for the lock
    expect(held()).toBe(true);

    const response = await opened;
    const viewMs = performance.now() - t;
    expect(response.status()).toBe(503);
    expect(held()).toBe(true);
    await expect(page.getByText(/busy: another process is holding its write lock|could not record this/)).toBeVisible();
    console.log(
      `db-lock: /api/health ${healthMs.toFixed(0)} ms with the lock held, ${healthDuringMs.toFixed(0)} ms while a record view waited for it; ` +
        `the view answered 503 after ${viewMs.toFixed(0)} ms`,
    );
    test.info().annotations.push({ type: "figures", description: JSON.stringify({ healthMs, healthDuringMs, viewMs }) });
  } finally {
    await new Promise<void>((resolve) => (holder.exitCode !== null ? resolve() : holder.on("exit", () => resolve())));
  }

  // Once the lock is gone, the same view works.
  const again = actionResponse(page);
  await page.getByRole("button", { name: "Open record" }).click();
  expect((await again).status()).toBe(200);
  await expect(page.getByTestId("ledger-seq")).toBeVisible();
});
