// Reading and clearing one user's inbox. Always scoped to the signed-in user (nobody reads another's inbox): every
// query here names the user in its WHERE, so an item id of someone else's reads as not there.
import { z } from "zod";
import { now } from "@/lib/core/clock";
import { dbTarget, getDb } from "@/lib/db/client";
import { queryRaw } from "@/lib/db/raw";

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  href: string | null;
  createdAt: Date;
  readAt: Date | null;
}

const SELECT = { id: true, kind: true, title: true, body: true, href: true, createdAt: true, readAt: true } as const;

// The console shell shows this count on every page render, so it goes to the raw driver as checkSession does:
// Prisma compiles and maps each query again, a visible share of a render (docs/decisions/040-console-render-speed.md).
// The (user_id, read_at, created_at) index answers it.
const UNREAD_SQL = "SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL";

export async function countUnread(userId: string): Promise<number> {
  const [row] = await queryRaw<{ n: number | string | bigint }>(dbTarget(), UNREAD_SQL, [userId]);
  // PostgreSQL's COUNT is a bigint, which its driver hands over as text.
  return Number(row?.n ?? 0);
}

// The page cursor is the last item's time and id ("<epoch ms>.<ntf id>"): items created in the same millisecond
// (one change notifying several things) are neither skipped nor repeated.
const ZCursor = z
  .string()
  .regex(/^\d{1,15}\.ntf_[0-9a-z]{4,40}$/)
  .transform((s) => {
    const dot = s.indexOf(".");
    return { at: new Date(Number(s.slice(0, dot))), id: s.slice(dot + 1) };
  });

export const ZInboxQuery = z.object({
  /** An unparsable cursor starts from the newest item. */
  cursor: ZCursor.optional().catch(undefined),
  unread: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  limit: z.coerce.number().int().min(1).max(200).catch(25),
});
export type TInboxQuery = Partial<z.input<typeof ZInboxQuery>>;

export interface InboxPage {
  rows: InboxItem[];
  nextCursor: string | null;
  unread: number;
  total: number;
}

/** One page of the user's inbox, newest first, with the unread count (for the bell and "mark all read"). */
export async function findInboxPage(userId: string, query: TInboxQuery = {}): Promise<InboxPage> {
  const q = ZInboxQuery.parse(query);
  const db = getDb();
  const base = { userId, ...(q.unread ? { readAt: null } : {}) };
  const after = q.cursor ? { OR: [{ createdAt: { lt: q.cursor.at } }, { createdAt: q.cursor.at, id: { lt: q.cursor.id } }] } : {};
  const [items, total, unread] = await Promise.all([
    db.notification.findMany({
      where: { ...base, ...after },
      select: SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    }),
    db.notification.count({ where: base }),
    countUnread(userId),
  ]);
  const rows = items.slice(0, q.limit);
  const last = rows.at(-1);
  return { rows, nextCursor: items.length > q.limit && last ? `${last.createdAt.getTime()}.${last.id}` : null, unread, total };
}

/** Marks the given items (or all, when ids is "all") read; returns how many changed. */
export async function markRead(userId: string, ids: readonly string[] | "all"): Promise<number> {
  const { count } = await getDb().notification.updateMany({
    where: { userId, readAt: null, ...(ids === "all" ? {} : { id: { in: [...ids] } }) },
    data: { readAt: now() },
  });
  return count;
}

/** Opening an item marks it read and says where it points; null when it is not this user's (or not there). */
export async function openInboxItem(userId: string, id: string): Promise<{ href: string | null } | null> {
  const item = await getDb().notification.findFirst({ where: { id, userId }, select: { href: true, readAt: true } });
  if (!item) return null;
  if (!item.readAt) await markRead(userId, [id]);
  return { href: item.href };
}
