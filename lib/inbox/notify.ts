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

/**
 * One statement for the lot: a change that tells every privacy admin must not cost a round trip per admin inside
 * its transaction (the transaction's time is bounded, lib/db/client.ts). With a dedupe key, the ones already sent are
 * read in one query first. Inside a transaction the rest are inserted together: a concurrent sender of the same key
 * makes the insert fail (P2002) and the whole change roll back, as any other unique conflict in it would; outside
 * one, each is upserted, so a retry or a second sender never fails.
 */
export async function notifyUsers(userIds: readonly string[], n: NewNotification, tx?: Tx): Promise<void> {
  const db = tx ?? getDb();
  const at = now();
  const row = (userId: string) => ({ id: newId("ntf"), userId, kind: n.kind, title: n.title, body: n.body, href: n.href ?? null, createdAt: at });
  let users = [...new Set(userIds)];
  if (users.length === 0) return;
  if (!n.dedupeKey) {
    await db.notification.createMany({ data: users.map(row) });
    return;
  }
  const keyOf = (userId: string) => `${n.dedupeKey}:${userId}`;
  const sent = new Set(
    (await db.notification.findMany({ where: { dedupeKey: { in: users.map(keyOf) } }, select: { dedupeKey: true } })).map((s) => s.dedupeKey),
  );
  users = users.filter((userId) => !sent.has(keyOf(userId)));
  if (tx) {
    if (users.length > 0) await tx.notification.createMany({ data: users.map((userId) => ({ ...row(userId), dedupeKey: keyOf(userId) })) });
    return;
  }
  for (const userId of users) {
    const dedupeKey = keyOf(userId);
    await db.notification.upsert({ where: { dedupeKey }, create: { ...row(userId), dedupeKey }, update: {} });
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
