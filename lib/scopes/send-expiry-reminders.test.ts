import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { revokeGrant } from "./revoke-grant";
import { reminderDue, sendExpiryReminders } from "./send-expiry-reminders";

afterEach(() => pinClock(null));

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const t0 = new Date("2027-01-10T12:00:00.000Z");

async function holderOf(minutes: number) {
  pinClock(t0);
  const holder = await createTestUser("analyst");
  const [grantId] = await grantScopes(holder.id, ["pii_sensitive"], { durationMinutes: minutes });
  await getDb().notification.deleteMany({ where: { userId: holder.id } });
  return { holder, grantId };
}

async function runAt(offsetMs: number) {
  const at = new Date(t0.getTime() + offsetMs);
  pinClock(at);
  await sendExpiryReminders(at, testMeta());
}

const reminders = (userId: string) =>
  getDb().notification.findMany({ where: { userId, kind: "grant.expiring" }, orderBy: { createdAt: "asc" }, select: { title: true, body: true } });
const reminderEntries = (grantId: string) =>
  getDb().ledgerEntry.findMany({ where: { resource: `grant:${grantId}`, action: "governance.expiry_reminder_sent" }, orderBy: { seq: "asc" } });

describe("sendExpiryReminders (the scopes.send_expiry_reminders job)", () => {
  it("reminds the holder of a 3-day grant a day before and an hour before its end, each once, and ledgers each", async () => {
    const { holder, grantId } = await holderOf(3 * 1440);
    await runAt(DAY);
    await runAt(2 * DAY - 5 * MIN);
    expect(await reminders(holder.id)).toEqual([]);

    await runAt(2 * DAY + 5 * MIN);
    await runAt(2 * DAY + 10 * MIN);
    await runAt(3 * DAY - 2 * HOUR);
    expect(await reminders(holder.id)).toEqual([
      { title: "Your Sensitive PII access ends within a day", body: expect.stringContaining("2027-01-13 12:00 UTC") },
    ]);

    await runAt(3 * DAY - 55 * MIN);
    await runAt(3 * DAY - 50 * MIN);
    expect((await reminders(holder.id)).map((r) => r.title)).toEqual([
      "Your Sensitive PII access ends within a day",
      "Your Sensitive PII access ends within the hour",
    ]);
    const entries = await reminderEntries(grantId);
    expect(entries.map((e) => [e.actorRole, e.recordId, JSON.parse(e.payload!).reminder])).toEqual([
      ["system", holder.id, "1d"],
      ["system", holder.id, "1h"],
    ]);

    await runAt(3 * DAY + MIN);
    expect(await reminders(holder.id)).toHaveLength(2);
  });

  it("sends none for a grant of a day or less, and none once a grant has ended", async () => {
    const short = await holderOf(1440);
    const ended = await holderOf(2 * 1440);
    const admin = await createTestUser("privacy_admin");
    await revokeGrant({ actor: admin, meta: testMeta() }, { grantId: ended.grantId, reason: "Work finished early" });
    for (const at of [MIN, 12 * HOUR, DAY - 30 * MIN, DAY + 12 * HOUR, 2 * DAY - 30 * MIN]) await runAt(at);
    expect(await reminders(short.holder.id)).toEqual([]);
    expect(await reminders(ended.holder.id)).toEqual([]);
    expect(await reminderEntries(ended.grantId)).toEqual([]);
  });

  it("sends only the hour-before reminder when the first run in the last day comes within the last hour", async () => {
    const { holder } = await holderOf(2 * 1440);
    await runAt(2 * DAY - 30 * MIN);
    expect((await reminders(holder.id)).map((r) => r.title)).toEqual(["Your Sensitive PII access ends within the hour"]);
  });
});

describe("reminderDue", () => {
  it.each([
    [2 * DAY, null],
    [DAY + 1, null],
    [DAY, "1d"],
    [HOUR + 1, "1d"],
    [HOUR, "1h"],
    [1, "1h"],
    [0, null],
    [-HOUR, null],
  ])("%d ms left → %s", (left, due) => expect(reminderDue(left)).toBe(due));
});
