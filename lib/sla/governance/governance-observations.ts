// The governance SLIs Warden computes from its own tables (issue 10, decision 036), as observations in the form of
// lib/sla/types.ts's table. Each reads only facts that no longer change (a decided request, a decided export, a
// closed campaign, a finished purge run), so its item ids are the row's id and a re-run finds duplicates only. The
// one exception, grants past expiry, is a reading of "now": one observation per evaluation slot.
import { getDb } from "@/lib/db/client";
import type { NewObservation } from "@/lib/sla/ingest/insert-observations";

const HOUR_MS = 3_600_000;
const hours = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / HOUR_MS) * 1000) / 1000;

/** Requests decided in [from, at]: approved, denied or left to time out (a time-out is the slowest answer). */
export async function accessApprovalObservations(from: Date, at: Date): Promise<NewObservation[]> {
  const rows = await getDb().accessRequest.findMany({
    // Cancelled by the requester: nobody was asked to decide any more.
    where: { decidedAt: { gte: from, lte: at }, status: { not: "cancelled" } },
    select: { id: true, scope: true, createdAt: true, decidedAt: true },
  });
  return rows.map((r) => ({
    slaKey: "governance.access_approval_time",
    itemId: `request:${r.id}`,
    kind: "access_approval",
    subject: r.id,
    observedAt: r.decidedAt!,
    windowStart: r.createdAt,
    value: hours(r.createdAt, r.decidedAt!),
    good: 0,
    total: 1,
    detail: { tier: r.scope },
  }));
}

/** Exports that needed approval and were decided in [from, at]. */
export async function exportApprovalObservations(from: Date, at: Date): Promise<NewObservation[]> {
  const rows = await getDb().export.findMany({
    where: { approvalRequired: true, decidedAt: { gte: from, lte: at } },
    select: { id: true, createdAt: true, decidedAt: true },
  });
  return rows.map((r) => ({
    slaKey: "governance.export_approval_time",
    itemId: `export:${r.id}`,
    kind: "export_approval",
    subject: r.id,
    observedAt: r.decidedAt!,
    windowStart: r.createdAt,
    value: hours(r.createdAt, r.decidedAt!),
    good: 0,
    total: 1,
    detail: null,
  }));
}

/** Execute-mode purge runs that finished in [from, at]: completed is good; failed or tripped by the breaker is not. */
export async function purgeRunObservations(from: Date, at: Date): Promise<NewObservation[]> {
  const rows = await getDb().purgeRun.findMany({
    // A dry run deletes nothing (a preview); a cancelled run was stopped by a person, not a failure of the purge.
    where: { mode: "execute", status: { in: ["completed", "failed", "tripped"] }, finishedAt: { gte: from, lte: at } },
    select: { id: true, status: true, startedAt: true, finishedAt: true },
  });
  return rows.map((r) => {
    const ok = r.status === "completed";
    return {
      slaKey: "governance.purge_success",
      itemId: `run:${r.id}`,
      kind: "purge_run",
      subject: r.id,
      observedAt: r.finishedAt!,
      windowStart: r.startedAt,
      value: null,
      good: ok ? 1 : 0,
      total: 1,
      detail: { status: r.status },
    };
  });
}

/**
 * Closed campaigns due in [from, at]: on time when every item was decided by a person by the due date (an item the
 * deadline revoked was not). value = hours from the due date to the last decision (≤ 0 on time).
 */
export async function reviewOnTimeObservations(from: Date, at: Date): Promise<NewObservation[]> {
  const campaigns = await getDb().reviewCampaign.findMany({
    where: { status: "closed", dueAt: { gte: from, lte: at } },
    select: { id: true, dueAt: true, closedAt: true, items: { select: { decision: true, decidedAt: true } } },
  });
  return campaigns.map((c) => {
    const undecided = c.items.filter((i) => i.decision === "pending" || i.decision === "auto_revoked" || !i.decidedAt);
    const last = c.items.reduce<Date | null>((m, i) => (i.decidedAt && (!m || i.decidedAt > m) ? i.decidedAt : m), null);
    const lateBy = undecided.length > 0 ? hours(c.dueAt, c.closedAt ?? at) : last ? hours(c.dueAt, last) : 0;
    const onTime = undecided.length === 0 && lateBy <= 0;
    return {
      slaKey: "governance.reviews_on_time",
      itemId: `campaign:${c.id}`,
      kind: "review_on_time",
      subject: c.id,
      observedAt: c.dueAt,
      windowStart: null,
      // At least a moment late when the deadline had to revoke (its closing job may run at the due time itself).
      value: onTime ? lateBy : Math.max(lateBy, 0.001),
      good: onTime ? 1 : 0,
      total: 1,
      detail: null,
    };
  });
}

/**
 * Grants whose row still says active this long after their end: the gateway stops honouring a grant at its end in the
 * query itself, and the expiry job (every minute) ends the row; a row left active past this grace means that job is
 * not running.
 */
export const EXPIRY_GRACE_MS = 5 * 60_000;

export async function grantsPastExpiryObservation(at: Date, slotMs: number): Promise<NewObservation> {
  const count = await getDb().grant.count({ where: { status: "active", expiresAt: { lt: new Date(at.getTime() - EXPIRY_GRACE_MS) } } });
  // One reading per evaluation slot: two instances evaluating in the same slot write one observation.
  const slot = new Date(Math.floor(at.getTime() / slotMs) * slotMs);
  return {
    slaKey: "governance.grants_past_expiry",
    itemId: `check:${slot.toISOString()}`,
    kind: "grants_past_expiry",
    subject: "grants",
    observedAt: slot,
    windowStart: null,
    value: count,
    good: 0,
    total: 1,
    detail: null,
  };
}
