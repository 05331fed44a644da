// SLA alerts (issue 10, decision 036): a tile in breach, or burning its budget fast (SRE workbook: 14.4× over 1 h,
// 6× over 6 h, BurnRateView.alerting), opens ONE alert per SLA and notifies the privacy admins and the SLA's owner in
// the same transaction. While the condition holds nothing new is sent; when it clears the alert is resolved (and the
// same people are told). The open alert holds dedupe_key `<key>:open` (unique), so two evaluations racing cannot both
// open one; resolving renames it to `<key>:<alert id>`, which frees the key for the next episode.
// Alerts are not ledgered: they change no one's access and no governance state; sla_alerts is their record.
import type { Tx } from "@/lib/ledger/unit-of-work";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { notifyPrivacyAdmins, notifyUsers, type NewNotification } from "@/lib/inbox/notify";
import type { SlaTileView } from "@/lib/sla/views";
import { postSlaWebhook } from "./sla-webhook";

export type AlertKind = "breach" | "fast_burn";

export interface AlertRun {
  opened: Array<{ id: string; key: string; kind: AlertKind }>;
  resolved: Array<{ id: string; key: string }>;
  webhook: { sent: number; failed: number };
}

export const openDedupeKey = (slaKey: string) => `${slaKey}:open`;

/** What a tile asks for now: a breach wins over a fast burn; null when neither holds. */
export function alertCondition(tile: SlaTileView): AlertKind | null {
  if (tile.status === "breach") return "breach";
  if (tile.burn.some((b) => b.alerting)) return "fast_burn";
  return null;
}

export async function raiseSlaAlerts(
  tiles: readonly SlaTileView[],
  at: Date,
  opts: { webhook?: { url: string; secret: string } | null } = {},
): Promise<AlertRun> {
  const db = getDb();
  const run: AlertRun = { opened: [], resolved: [], webhook: { sent: 0, failed: 0 } };
  const open = new Map(
    (await db.slaAlert.findMany({ where: { resolvedAt: null }, select: { id: true, slaKey: true, kind: true } })).map((a) => [a.slaKey, a]),
  );
  const toPost: Array<{ id: string; event: Record<string, unknown> & { event_id: string; event_name: string } }> = [];

  for (const tile of tiles) {
    const key = tile.def.key;
    const kind = alertCondition(tile);
    const current = open.get(key);
    if (kind && !current) {
      const id = newId("sal");
      const detail = {
        status: tile.status,
        reason: tile.statusReason,
        current: tile.current.text,
        target: tile.targetText,
        attainment_7d: tile.attainment7d,
        attainment_30d: tile.attainment30d,
        burn: tile.burn.map((b) => ({ window: b.window, rate: b.rate, alerting: b.alerting })),
      };
      try {
        await db.$transaction(async (tx) => {
          await tx.slaAlert.create({
            data: {
              id,
              slaKey: key,
              version: tile.def.version,
              kind,
              dedupeKey: openDedupeKey(key),
              detail: JSON.stringify(detail),
              openedAt: at,
              webhookStatus: opts.webhook ? null : "skipped",
            },
          });
          await notify(tx, tile.def.ownerId, {
            kind: "sla.alert",
            title: kind === "breach" ? `SLA breached: ${tile.def.name}` : `SLA burning its error budget fast: ${tile.def.name}`,
            body: `${tile.def.ref}: ${tile.statusReason} (target ${tile.targetText}).`,
            href: `/sla/${encodeURIComponent(key)}`,
            dedupeKey: `sla-alert:${id}`,
          });
        });
      } catch (err) {
        // Another evaluation opened it first: its alert and its notifications stand, ours rolled back.
        if ((err as { code?: unknown })?.code === "P2002") continue;
        throw err;
      }
      run.opened.push({ id, key, kind });
      toPost.push({
        id,
        event: {
          event_id: id,
          event_name: "sla.alert_opened",
          event_version: "1.0.0",
          occurred_at: at.toISOString(),
          payload: { alert_id: id, sla: tile.def.ref, kind, ...detail, path: `/sla/${encodeURIComponent(key)}` },
        },
      });
    } else if (!kind && current && tile.status !== "no_data") {
      // A lack of data is not a recovery: the alert stays open until figures show the promise holding again.
      const resolved = await db.$transaction(async (tx) => {
        const done = await tx.slaAlert.updateMany({
          where: { id: current.id, resolvedAt: null },
          data: { resolvedAt: at, dedupeKey: `${key}:${current.id}` },
        });
        if (done.count === 0) return false; // resolved by another evaluation
        await notify(tx, tile.def.ownerId, {
          kind: "sla.alert_resolved",
          title: `SLA holding again: ${tile.def.name}`,
          body: `${tile.def.ref}: ${tile.statusReason} (target ${tile.targetText}).`,
          href: `/sla/${encodeURIComponent(key)}`,
          dedupeKey: `sla-resolved:${current.id}`,
        });
        return true;
      });
      if (resolved) run.resolved.push({ id: current.id, key });
    }
  }

  // After commit, and never fatal: the inbox already has the alert.
  for (const p of opts.webhook ? toPost : []) {
    const outcome = await postSlaWebhook(opts.webhook!, p.event);
    if (outcome.status === "failed") console.warn(`[warden] SLA alert ${p.id}: webhook failed (${outcome.reason})`);
    run.webhook[outcome.status]++;
    await db.slaAlert.update({ where: { id: p.id }, data: { webhookStatus: outcome.status, webhookAt: now() } });
  }
  return run;
}

async function notify(tx: Tx, ownerId: string | null, n: NewNotification): Promise<void> {
  await notifyPrivacyAdmins(n, { tx });
  if (ownerId) {
    const owner = await tx.user.findFirst({ where: { id: ownerId, status: "active" }, select: { id: true } });
    // The same dedupe key: an owner who is also a privacy admin is told once.
    if (owner) await notifyUsers([owner.id], n, tx);
  }
}
