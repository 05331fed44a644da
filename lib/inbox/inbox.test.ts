import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "@/lib/test/fixtures";
import { countUnread, findInboxPage, markRead, openInboxItem } from "./inbox";
import { notifyUsers } from "./notify";

afterEach(() => pinClock(null));

async function itemsFor(userId: string, n: number, at = new Date()): Promise<string[]> {
  // All in one millisecond, as one change notifying several things would: paging must still see each once.
  pinClock(at);
  for (let i = 0; i < n; i++) await notifyUsers([userId], { kind: "test.item", title: `Item ${i}`, body: `Body ${i}`, href: `/grants?i=${i}` });
  pinClock(null);
  const rows = await getDb().notification.findMany({ where: { userId }, select: { id: true } });
  return rows.map((r) => r.id);
}

describe("inbox", () => {
  it("only ever touches the signed-in user's own items", async () => {
    const [alice, bob] = [await createTestUser("analyst"), await createTestUser("analyst")];
    const [aliceItem] = await itemsFor(alice.id, 1);
    await itemsFor(bob.id, 2);
    // Bob names Alice's item: nothing changes, and opening it tells him nothing about it.
    expect(await markRead(bob.id, [aliceItem])).toBe(0);
    expect(await openInboxItem(bob.id, aliceItem)).toBeNull();
    expect(await countUnread(alice.id)).toBe(1);
    expect((await getDb().notification.findUniqueOrThrow({ where: { id: aliceItem } })).readAt).toBeNull();
    // "Mark all read" is Bob's all, not everyone's.
    expect(await markRead(bob.id, "all")).toBe(2);
    expect(await countUnread(bob.id)).toBe(0);
    expect(await countUnread(alice.id)).toBe(1);
    expect((await findInboxPage(bob.id)).rows.every((r) => r.readAt !== null)).toBe(true);
    expect((await findInboxPage(alice.id)).rows.map((r) => r.id)).toEqual([aliceItem]);
  });

  it("opening an item marks it read and gives its link", async () => {
    const user = await createTestUser("analyst");
    const [id] = await itemsFor(user.id, 1);
    expect(await openInboxItem(user.id, id)).toEqual({ href: "/grants?i=0" });
    expect(await countUnread(user.id)).toBe(0);
    expect(await markRead(user.id, [id])).toBe(0);
  });

  it("pages newest first without skipping or repeating items created in the same millisecond", async () => {
    const user = await createTestUser("analyst");
    const ids = await itemsFor(user.id, 5);
    await itemsFor(user.id, 2, new Date(Date.now() + 60_000)); // newer
    const seen: string[] = [];
    let cursor: string | undefined;
    let page;
    do {
      page = await findInboxPage(user.id, { cursor, limit: 2 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(2).sort()).toEqual([...ids].sort());
    expect(page.total).toBe(7);
    expect(page.unread).toBe(7);
    await markRead(user.id, [ids[0]]);
    const unreadOnly = await findInboxPage(user.id, { unread: "1" });
    expect(unreadOnly.rows.map((r) => r.id)).not.toContain(ids[0]);
    expect(unreadOnly.total).toBe(6);
    // A cursor that is not one of ours starts from the newest item instead of failing.
    expect((await findInboxPage(user.id, { cursor: "x'; drop" })).rows).toHaveLength(7);
  });

  it("tells each named user once, and with a dedupe key never twice, however the calls overlap", async () => {
    const [a, b, c] = [await createTestUser("analyst"), await createTestUser("analyst"), await createTestUser("analyst")];
    const countFor = (userId: string) => getDb().notification.count({ where: { userId, kind: "test.batch" } });
    await notifyUsers([a.id, b.id, a.id], { kind: "test.batch", title: "T", body: "B" });
    expect([await countFor(a.id), await countFor(b.id), await countFor(c.id)]).toEqual([1, 1, 0]);

    const key = `test-dedupe-${a.id}`;
    await notifyUsers([a.id], { kind: "test.batch", title: "T", body: "B", dedupeKey: key });
    await notifyUsers([a.id, b.id, c.id], { kind: "test.batch", title: "T", body: "B", dedupeKey: key });
    await notifyUsers([c.id, b.id], { kind: "test.batch", title: "T", body: "B", dedupeKey: key });
    expect([await countFor(a.id), await countFor(b.id), await countFor(c.id)]).toEqual([2, 2, 1]);
    await notifyUsers([], { kind: "test.batch", title: "T", body: "B" });
    expect(await getDb().notification.count({ where: { dedupeKey: { startsWith: `${key}:` } } })).toBe(3);

    // Inside a transaction (a change's unit of work), the same: twice in one change, then again in another.
    const inTx = `test-dedupe-tx-${a.id}`;
    await getDb().$transaction(async (tx) => {
      await notifyUsers([a.id, b.id], { kind: "test.batch", title: "T", body: "B", dedupeKey: inTx }, tx);
      await notifyUsers([b.id, c.id, c.id], { kind: "test.batch", title: "T", body: "B", dedupeKey: inTx }, tx);
    });
    await getDb().$transaction((tx) => notifyUsers([a.id, b.id, c.id], { kind: "test.batch", title: "T", body: "B", dedupeKey: inTx }, tx));
    expect([await countFor(a.id), await countFor(b.id), await countFor(c.id)]).toEqual([3, 3, 2]);
  });
});
