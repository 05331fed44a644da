// Journey: the inbox. An item arrives, the bell in the shell says how many are unread, the item's title links to
// where it points (opening it marks it read), "Mark read" clears one, "Mark all read" the rest; nobody opens
// another person's item.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

/** Writes a notification as a workflow would (lib/inbox/notify.ts), straight into the e2e console database. */
function notify(email: string, n: { title: string; body: string; href: string }): string {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const user = db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string };
    const id = `ntf_${[...randomBytes(12)].map((b) => "0123456789abcdefghjkmnpqrstvwxyz"[b & 31]).join("")}`;
    db.prepare("INSERT INTO notifications (id, user_id, kind, title, body, href, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
      id,
      user.id,
      "e2e.test",
      n.title,
      n.body,
      n.href,
      new Date().toISOString().replace("Z", "+00:00"),
    );
    return id;
  } finally {
    db.close();
  }
}

async function unreadOnBell(page: Page): Promise<number> {
  const label = (await page.getByTestId("inbox-bell").getAttribute("aria-label")) ?? "";
  const m = /^Inbox, (\d+) unread$/.exec(label);
  return m ? Number(m[1]) : 0;
}

test("an item appears, the bell counts it, opening or marking it read clears it; nobody opens another's", async ({ page, browser }) => {
  await signIn(page, DEMO.auditor);
  const before = await unreadOnBell(page);
  const tag = Date.now().toString(36);
  const first = { title: `Campaign due soon ${tag}`, body: "Three items are still undecided.", href: "/ledger" };
  const second = { title: `Ledger checkpoint ready ${tag}`, body: "A new checkpoint was signed.", href: "/ledger" };
  const firstId = notify(DEMO.auditor, first);
  notify(DEMO.auditor, second);

  // Another person names the item: they are sent to their own inbox, and it stays unread.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, DEMO.analyst2);
  await otherPage.goto(`/inbox/open/${firstId}`);
  await expect(otherPage).toHaveURL(/\/inbox$/);
  await expect(otherPage.getByText(first.title)).toHaveCount(0);
  await other.close();

  await page.goto("/");
  const bell = page.getByRole("link", { name: `Inbox, ${before + 2} unread` });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page).toHaveURL(/\/inbox$/);
  const item = page.locator(`[data-notification-id="${firstId}"]`);
  await expect(item.getByRole("link", { name: first.title })).toBeVisible();
  await expect(item).toContainText(first.body);
  await expect(item).toContainText("just now");
  await expect(item).toHaveAttribute("data-unread", "true");

  await item.getByRole("button", { name: `Mark “${first.title}” read` }).click();
  await expect(item).toHaveAttribute("data-unread", "false");
  await expect(page.getByRole("link", { name: `Inbox, ${before + 1} unread` })).toBeVisible();

  // Following the title goes where the item points, and marks it read.
  await page.getByRole("link", { name: second.title }).click();
  await expect(page).toHaveURL(/\/ledger$/);
  await expect(page.getByTestId("inbox-bell")).toHaveAttribute("aria-label", before > 0 ? `Inbox, ${before} unread` : "Inbox, no unread items");

  notify(DEMO.auditor, { title: `One more ${tag}`, body: "b", href: "/ledger" });
  await page.goto("/inbox?unread=1");
  await expect(page.getByText(`One more ${tag}`)).toBeVisible();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByRole("link", { name: "Inbox, no unread items" })).toBeVisible();
  await expect(page.getByText("Nothing unread")).toBeVisible();
});
