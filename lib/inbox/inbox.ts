// Reading and clearing one user's inbox. Always scoped to the signed-in user (nobody reads another's inbox).
import { now } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  href: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function countUnread(userId: string): Promise<number> {
  return getDb().notification.count({ where: { userId, readAt: null } });
}

export async function listInbox(userId: string, opts: { unreadOnly?: boolean; limit?: number; before?: Date } = {}): Promise<InboxItem[]> {
  return getDb().notification.findMany({
    where: { userId, ...(opts.unreadOnly ? { readAt: null } : {}), ...(opts.before ? { createdAt: { lt: opts.before } } : {}) },
    select: { id: true, kind: true, title: true, body: true, href: true, createdAt: true, readAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(opts.limit ?? 50, 200),
  });
}

/** Marks the given items (or all, when ids is "all") read; returns how many changed. */
export async function markRead(userId: string, ids: readonly string[] | "all"): Promise<number> {
  const { count } = await getDb().notification.updateMany({
    where: { userId, readAt: null, ...(ids === "all" ? {} : { id: { in: [...ids] } }) },
    data: { readAt: now() },
  });
  return count;
}
