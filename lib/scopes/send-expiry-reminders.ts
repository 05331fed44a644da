// Reminders before a grant ends (issue 6 item 6): for grants longer than 24 h, the holder gets an inbox note a day
// before and an hour before the end, each once (the notification's dedupe key), none once the grant has ended. The
// recurring job `scopes.send_expiry_reminders` runs this; a run that comes late sends the reminder that still fits.
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { ZScope } from "@/lib/core/schemas";
import { TIER_LABELS } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyUsers } from "@/lib/inbox/notify";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
import { utcText } from "./durations";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Which reminder is due for a grant ending `leftMs` from now: a day before, or an hour before (not both). */
export function reminderDue(leftMs: number): "1d" | "1h" | null {
  if (leftMs <= 0 || leftMs > DAY) return null;
  return leftMs <= HOUR ? "1h" : "1d";
}

// notifyUsers keeps a dedupe key per user as `${key}:${userId}`.
const reminderKey = (grantId: string, which: "1d" | "1h") => `grant-expiry:${grantId}:${which}`;

export async function sendExpiryReminders(at: Date = now(), meta: RequestMeta = { requestId: randomUUID(), ipHash: null, uaHash: null }) {
  const soon = await getDb().grant.findMany({
    where: { status: "active", expiresAt: { gt: at, lte: new Date(at.getTime() + DAY) } },
    select: { id: true, userId: true, scope: true, activatedAt: true, expiresAt: true },
    orderBy: { expiresAt: "asc" },
  });
  const due = soon.flatMap((g) => {
    const which = reminderDue(g.expiresAt.getTime() - at.getTime());
    const scope = ZScope.safeParse(g.scope);
    // Only grants longer than a day: a shorter one was given knowing when it ends.
    if (!which || !scope.success || g.expiresAt.getTime() - g.activatedAt.getTime() <= DAY) return [];
    return [{ ...g, scope: scope.data, which, key: reminderKey(g.id, which) }];
  });
  const sentBefore = new Set(
    (await getDb().notification.findMany({ where: { dedupeKey: { in: due.map((g) => `${g.key}:${g.userId}`) } }, select: { dedupeKey: true } })).map(
      (n) => n.dedupeKey,
    ),
  );

  let sent = 0;
  for (const g of due.filter((d) => !sentBefore.has(`${d.key}:${d.userId}`))) {
    const { result } = await commitWithLedger(async (uow) => {
      // Checked again inside the transaction: the grant may have ended, or another run sent it, since the query.
      const active = await uow.tx.grant.count({ where: { id: g.id, status: "active" } });
      const already = await uow.tx.notification.count({ where: { dedupeKey: `${g.key}:${g.userId}` } });
      if (active === 0 || already > 0) return false;
      await notifyUsers(
        [g.userId],
        {
          kind: "grant.expiring",
          title: `Your ${TIER_LABELS[g.scope]} access ends ${g.which === "1h" ? "within the hour" : "within a day"}`,
          body: `It ends at ${utcText(g.expiresAt)}. Request it again if you need it for longer.`,
          href: "/access",
          dedupeKey: g.key,
        },
        uow.tx,
      );
      uow.record(
        governanceEntry(null, meta, {
          action: "governance.expiry_reminder_sent",
          privacyTier: g.scope,
          resource: `grant:${g.id}`,
          recordId: g.userId,
          payload: { grant_id: g.id, user_id: g.userId, reminder: g.which, expires_at: g.expiresAt.toISOString() },
        }),
      );
      return true;
    });
    if (result) sent++;
  }
  return { sent };
}
