// Journey (issue 6, "Done when"): a review campaign revokes an unreviewed grant at its due date. The grant to review
// is made through the domain's own verb (grantDirectly), for a user of its own in a tier no
// demo user holds, so the revocation touches no other journey. The server's clock is moved past the due date, the
// job runner closes the campaign, and the clock is put back.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { DEMO, demoPassword, setServerClockOffset, signIn } from "./fixtures";

const TARGET = "review-target@warden.test";
const DAY = 86_400_000;

function tsx(args: string[], input?: string): string {
  return execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", ...args], { env: process.env, encoding: "utf8", input });
}

/** A 7-day `background` grant (the tier's longest) for TARGET, granted directly by privacy@. */
function seedGrant(): void {
  try {
    tsx(
      ["scripts/warden.ts", "user", "create", "--email", TARGET, "--role", "analyst", "--name", "Review Target", "--password-stdin"],
      demoPassword(),
    );
  } catch {
    // Already there from an earlier run against the same data directory.
  }
  // Through the domain's own verb, as the direct-grant form does: checked, and ledgered as granted and activated.
  tsx([
    "-e",
    `import { randomUUID } from "node:crypto";
    import { getDb } from "@/lib/db/client";
    import { grantDirectly } from "@/lib/scopes/grant-directly";
    (async () => {
      const admin = await getDb().user.findUniqueOrThrow({ where: { email: ${JSON.stringify(DEMO.privacy)} } });
      const who = { actor: { id: admin.id, role: "privacy_admin" as const }, meta: { requestId: randomUUID(), ipHash: null, uaHash: null } };
      await grantDirectly(who, { userEmail: ${JSON.stringify(TARGET)}, scope: "background", reason: "E2E: access review journey", durationMinutes: 7 * 24 * 60 });
    })().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });`,
  ]);
}

test("an unreviewed grant is revoked automatically at the campaign's due date", async ({ page }) => {
  test.setTimeout(90_000);
  seedGrant();
  const name = `E2E background review ${Date.now().toString(36)}`;
  try {
    await signIn(page, DEMO.privacy);
    await page.goto("/reviews");
    await page.getByLabel("Campaign name").fill(name);
    // Due by the end of today (UTC), the earliest allowed.
    await page.getByLabel("Due date").fill(new Date().toISOString().slice(0, 10));
    await page.getByRole("checkbox", { name: /Background check/ }).check();
    await page.getByRole("button", { name: "Start campaign" }).click();
    await expect(page).toHaveURL(/\/reviews\/rvc_[0-9a-z]+\?notice=started/);
    const campaignPath = new URL(page.url()).pathname;

    const item = page.locator("tr", { hasText: TARGET });
    await expect(item.locator("[data-decision]")).toHaveAttribute("data-decision", "pending");
    await expect(item.locator("[data-grant-status]")).toHaveAttribute("data-grant-status", "active");
    await expect(page.locator("[data-campaign-status]").first()).toHaveAttribute("data-campaign-status", "open");

    // Nobody reviews it. Two days later the campaign is past due; the job runner revokes and closes.
    setServerClockOffset(2 * DAY);
    // A jump of days may end the session; start a fresh one either way.
    await page.context().clearCookies();
    await signIn(page, DEMO.privacy);
    await expect(async () => {
      await page.goto(campaignPath);
      await expect(page.locator("tr", { hasText: TARGET }).locator("[data-decision]")).toHaveAttribute("data-decision", "auto_revoked", {
        timeout: 500,
      });
    }).toPass({ timeout: 40_000 });
    await expect(item.locator("[data-grant-status]")).toHaveAttribute("data-grant-status", "revoked");
    await expect(item).toContainText("Warden (due date)");
    await expect(page.locator("[data-campaign-status]").first()).toHaveAttribute("data-campaign-status", "closed");

    // The report, as an auditor downloads it.
    await page.context().clearCookies();
    await signIn(page, DEMO.auditor);
    await page.goto(campaignPath);
    await expect(page.getByRole("button", { name: "Certify" })).toHaveCount(0);
    const csv = await page.request.get(`/api${campaignPath}/report`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const line = (await csv.text()).split("\r\n").find((l) => l.includes(TARGET));
    expect(line).toContain(",background,");
    expect(line).toContain(",auto_revoked,");
  } finally {
    setServerClockOffset(0);
  }
});
