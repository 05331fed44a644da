// Evidence bundles (issue 7 §3): the auditor picks a period on the bundle page and downloads one file, which the CLI
// then verifies with no database (DATABASE_URL pointing nowhere) against the published key; the download is a
// ledger entry carrying the file's sha256. An analyst is refused (403), on the page and on the download itself.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

const NOWHERE = "postgresql://nobody:nothing@127.0.0.1:9/no_such_database";

/** A signed checkpoint over the ledger so far, made as an operator would (`ledger checkpoint`, witness log included),
 * and the deployment's published verifier key, read from the key file the server generated on first start. */
function checkpointNow(): { treeSize: number; vkey: string } {
  const run = (args: string[]) =>
    execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args], { env: process.env, encoding: "utf8" });
  run(["ledger", "checkpoint"]);
  const code = [
    'const { ledgerCoverage } = require("./lib/ledger/coverage.ts");',
    'const { loadSigningKey, signingKeySource } = require("./lib/ledger/signing-key.ts");',
    "ledgerCoverage().then((c) => { console.log(JSON.stringify({ treeSize: c.checkpointedSeq, vkey: loadSigningKey({ ...signingKeySource(), generate: false }).vkey })); process.exit(0); });",
  ].join("\n");
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "-e", code], { env: process.env, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!) as { treeSize: number; vkey: string };
}

function warden(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args], {
    env: { ...process.env, DATABASE_URL: NOWHERE },
    encoding: "utf8",
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function downloadEntry(sha256: string): { actor_role: string; decision: string } | undefined {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT actor_role, decision FROM ledger_entries WHERE action = 'ledger.bundle_downloaded' AND payload LIKE ?")
      .get(`%"bundle_sha256":"${sha256}"%`) as { actor_role: string; decision: string } | undefined;
  } finally {
    db.close();
  }
}

test("the auditor downloads an evidence bundle of a period, and the CLI verifies it offline", async ({ page }, testInfo) => {
  await signIn(page, DEMO.auditor);
  const { treeSize, vkey } = checkpointNow();

  await page.goto("/ledger/bundle");
  await expect(page.getByRole("heading", { name: "Evidence bundle", level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed checkpoints cover seq 1 to ${treeSize}`)).toBeVisible();
  await expect(page.getByTestId("published-vkey").filter({ hasText: vkey })).toBeVisible();
  // A period: from a day ago (UTC, as the form says) to now; prove the auditor role's entries one by one.
  const from = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 19);
  await page.getByLabel("From").fill(from);
  await page.getByLabel("Role").selectOption("auditor");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download evidence bundle" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^warden-evidence-seq-\d+-\d+\.tar$/);
  const file = path.join(testInfo.outputDir, download.suggestedFilename());
  await download.saveAs(file);

  const r = warden(["ledger", "verify", "--bundle", file, "--trusted-key", vkey]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(/^bundle ok: \d+ entries/);
  expect(r.status).toBe(0);
  // The download was recorded, with this very file's hash, by the auditor.
  const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
  expect(downloadEntry(sha256)).toEqual({ actor_role: "auditor", decision: "allow" });

  // One entry's proof, from the route the entry page links to, checks offline too.
  const proof = await page.request.get("/ledger/1/proof");
  expect(proof.status()).toBe(200);
  const proofFile = path.join(testInfo.outputDir, "proof-1.json");
  writeFileSync(proofFile, await proof.body());
  const p = warden(["ledger", "verify", "--proof", proofFile, "--trusted-key", vkey]);
  expect(p.stdout).toMatch(/^proof ok: seq 1 is in the signed checkpoint/);
  expect(p.status).toBe(0);
});

test("a period with no entries goes back to the form with the reason beside the field", async ({ page }) => {
  await signIn(page, DEMO.auditor);
  await page.goto("/ledger/bundle");
  await page.getByLabel("From").fill("2999-01-01T00:00:00");
  await page.getByRole("button", { name: "Download evidence bundle" }).click();
  await expect(page).toHaveURL(/\/ledger\/bundle\?/);
  await expect(page.getByText("No ledger entries in this period")).toBeVisible();
});

test("an analyst gets 403 on the bundle page and on the download", async ({ page }) => {
  await signIn(page, DEMO.analyst);
  const res = await page.goto("/ledger/bundle");
  expect(res?.status()).toBe(403);
  const dl = await page.request.post("/ledger/bundle/download", { form: { from: "2020-01-01T00:00:00" } });
  expect(dl.status()).toBe(403);
  expect(dl.headers()["content-type"]).toMatch(/application\/json/);
  const proof = await page.request.get("/ledger/1/proof");
  expect(proof.status()).toBe(403);
});
