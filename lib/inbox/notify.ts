// The console inbox: one notifications model every capability reuses (scopes now; exports, holds and SLA later).
// Notifications are written inside the unit of work of the change they announce.
import type { Tx } from "@/lib/ledger/unit-of-work";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";

export interface NewNotification {
  kind: string;
  title: string;
  body: string;
  /** A console path (never personal data in it). */
  href?: string | null;
  /** Sends at most once per user for this key (a reminder's job may run many times). */
  dedupeKey?: string;
}

export async function notifyUsers(userIds: readonly string[], n: NewNotification, tx?: Tx): Promise<void> {
  const db = tx ?? getDb();
  for (const userId of new Set(userIds)) {
    const data = { id: newId("ntf"), userId, kind: n.kind, title: n.title, body: n.body, href: n.href ?? null, createdAt: now() };
    if (n.dedupeKey) {
      const dedupeKey = `${n.dedupeKey}:${userId}`;
      await db.notification.upsert({ where: { dedupeKey }, create: { ...data, dedupeKey }, update: {} });
    } else await db.notification.create({ data });
  }
}

/** Every active privacy admin, optionally but one (the person who caused the alert). */
export async function notifyPrivacyAdmins(n: NewNotification, opts: { except?: string | null; tx?: Tx } = {}): Promise<void> {
  const db = opts.tx ?? getDb();
  const admins = await db.user.findMany({ where: { role: "privacy_admin", status: "active" }, select: { id: true } });
  await notifyUsers(
    admins.map((a) => a.id).filter((id) => id !== opts.except),
    n,
    opts.tx,
  );
}
