// A console user's access history, newest first: the requests they made and every decision on them, the grants
// they held (how each started and ended, and who did it), review decisions about their grants, break-glass uses
// and their after-reviews, and the user-management changes about them. Built from the workflow's own tables; the
// user-management changes have no table of their own, so they come from the ledger entries about `user:<id>`.
// One person's history is small (hundreds of events), so it is assembled whole and paged in memory.
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { describeMinutes, utcText } from "./durations";
import { findPeople } from "./find-people";

/** Each source is capped; a history longer than this says so instead of growing the page without bound. */
const PER_SOURCE_CAP = 2000;

const USER_ACTIONS = ["auth.user_created", "auth.user_disabled", "auth.user_enabled", "auth.user_role_changed"] as const;

export type HistoryEventKind =
  "request_made" | "approval" | "request_closed" | "grant_started" | "grant_ended" | "after_review" | "review_decision" | "user_change";

export interface HistoryEvent {
  /** Unique within the history (kind + row id). */
  key: string;
  at: Date;
  kind: HistoryEventKind;
  /** What happened, in a few words: "Requested", "Approved", "Revoked", "Role changed". */
  title: string;
  /** A qualifier for the title, e.g. "break-glass", "analyst → auditor", "1 of 2". */
  detail: string | null;
  scope: Scope | null;
  /** The request or grant the event is about. */
  ref: string | null;
  /** Who acted; null = the system (a job, the operator at the CLI). */
  by: { id: string; name: string; email: string } | null;
  /** The reason, comment or ticket given, as written. */
  note: string | null;
}

export const ZHistoryQuery = z.object({
  cursor: z.coerce.number().int().min(0).max(1_000_000).catch(0),
  limit: z.coerce.number().int().min(1).max(200).catch(50),
});
export type THistoryQuery = Partial<z.input<typeof ZHistoryQuery>>;

export interface HistoryPage {
  user: { id: string; email: string; name: string; role: string; status: string; createdAt: Date; lastSignInAt: Date | null };
  rows: HistoryEvent[];
  total: number;
  nextCursor: string | null;
  prevCursor: string | null;
  /** Some source held more than PER_SOURCE_CAP rows: the oldest are not shown. */
  truncated: boolean;
}

/** The user themself, or whoever reads all grants (auditors, privacy admins). Others get "not found". */
export async function findAccessHistory(actor: Pick<Actor, "id" | "role">, userId: string, query: THistoryQuery = {}): Promise<HistoryPage> {
  // Someone who may not read it learns nothing, not even whether the id exists.
  if (actor.id !== userId && !can(actor, "grant.read_all")) throw new AppError("not_found", "No such user", { field: "userId" });
  const q = ZHistoryQuery.parse(query);
  const db = getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, status: true, createdAt: true, lastSignInAt: true },
  });
  if (!user) throw new AppError("not_found", "No such user", { field: "userId" });

  const [requests, grants, reviewItems, userEntries] = await Promise.all([
    db.accessRequest.findMany({
      where: { requesterId: userId },
      orderBy: { createdAt: "desc" },
      take: PER_SOURCE_CAP,
      select: {
        id: true,
        scope: true,
        reason: true,
        ticket: true,
        durationMinutes: true,
        approvalsRequired: true,
        status: true,
        createdAt: true,
        decidedAt: true,
        closedById: true,
        closeComment: true,
        approvals: { select: { id: true, approverId: true, decision: true, comment: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      },
    }),
    db.grant.findMany({
      where: { userId },
      orderBy: { activatedAt: "desc" },
      take: PER_SOURCE_CAP,
      select: {
        id: true,
        scope: true,
        status: true,
        source: true,
        requestId: true,
        reason: true,
        grantedById: true,
        activatedAt: true,
        expiresAt: true,
        endedAt: true,
        endedById: true,
        endComment: true,
        afterReviewDueAt: true,
        afterReviewedAt: true,
        afterReviewedById: true,
        afterReviewComment: true,
      },
    }),
    db.reviewItem.findMany({
      where: { granteeId: userId, decision: { not: "pending" }, decidedAt: { not: null } },
      orderBy: { decidedAt: "desc" },
      take: PER_SOURCE_CAP,
      select: {
        id: true,
        grantId: true,
        scope: true,
        decision: true,
        decidedById: true,
        decidedAt: true,
        comment: true,
        campaign: { select: { name: true } },
      },
    }),
    db.ledgerEntry.findMany({
      where: { resource: `user:${userId}`, action: { in: [...USER_ACTIONS] }, seq: { gte: 1 } },
      orderBy: { seq: "desc" },
      take: PER_SOURCE_CAP,
      select: { seq: true, occurredAt: true, actorId: true, action: true, payload: true },
    }),
  ]);

  const events: Array<Omit<HistoryEvent, "by"> & { byId: string | null }> = [];
  for (const r of requests) {
    const scope = scopeOf(r.scope);
    events.push({
      key: `request:${r.id}`,
      at: r.createdAt,
      kind: "request_made",
      title: "Requested",
      detail: `for ${describeMinutes(r.durationMinutes)}${r.ticket ? ` · ticket ${r.ticket}` : ""}`,
      scope,
      ref: r.id,
      byId: userId,
      note: r.reason,
    });
    const approvals = r.approvals.filter((a) => a.decision === "approve");
    for (const a of r.approvals) {
      const yes = a.decision === "approve";
      events.push({
        key: `approval:${a.id}`,
        at: a.createdAt,
        kind: "approval",
        title: yes ? "Approved" : "Denied",
        detail: yes ? `approval ${approvals.indexOf(a) + 1} of ${r.approvalsRequired}` : null,
        scope,
        ref: r.id,
        byId: a.approverId,
        note: a.comment,
      });
    }
    const closed = CLOSED_TITLES[r.status];
    if (closed && r.decidedAt) {
      events.push({
        key: `request-closed:${r.id}`,
        at: r.decidedAt,
        kind: "request_closed",
        title: closed,
        detail: "request closed",
        scope,
        ref: r.id,
        byId: r.status === "timed_out" ? null : r.closedById,
        note: r.closeComment,
      });
    }
  }
  for (const g of grants) {
    const scope = scopeOf(g.scope);
    const breakGlass = g.source === "break_glass";
    events.push({
      key: `grant:${g.id}`,
      at: g.activatedAt,
      kind: "grant_started",
      title: breakGlass ? "Break-glass used" : g.source === "direct" ? "Granted directly" : "Grant activated",
      detail: `until ${utcText(g.expiresAt)}${g.requestId ? ` · from ${g.requestId}` : ""}`,
      scope,
      ref: g.id,
      // Break-glass is switched on by the holder alone.
      byId: breakGlass ? userId : g.grantedById,
      note: g.reason,
    });
    if (g.endedAt && g.status !== "active") {
      events.push({
        key: `grant-ended:${g.id}`,
        at: g.endedAt,
        kind: "grant_ended",
        title: ENDED_TITLES[g.status] ?? `Ended (${g.status})`,
        detail: breakGlass ? "break-glass grant" : null,
        scope,
        ref: g.id,
        byId: g.status === "expired" ? null : g.endedById,
        note: g.endComment,
      });
    }
    if (breakGlass && g.afterReviewedAt) {
      const late = g.afterReviewDueAt !== null && g.afterReviewedAt > g.afterReviewDueAt;
      events.push({
        key: `after-review:${g.id}`,
        at: g.afterReviewedAt,
        kind: "after_review",
        title: "Break-glass after-reviewed",
        detail: late ? "after the due time" : null,
        scope,
        ref: g.id,
        byId: g.afterReviewedById,
        note: g.afterReviewComment,
      });
    }
  }
  for (const i of reviewItems) {
    events.push({
      key: `review:${i.id}`,
      at: i.decidedAt!,
      kind: "review_decision",
      title: REVIEW_TITLES[i.decision] ?? `Reviewed (${i.decision})`,
      detail: `campaign “${i.campaign.name}”`,
      scope: scopeOf(i.scope),
      ref: i.grantId,
      byId: i.decision === "auto_revoked" ? null : i.decidedById,
      note: i.comment,
    });
  }
  for (const e of userEntries) {
    const payload = parsePayload(e.payload);
    events.push({
      key: `ledger:${e.seq}`,
      at: new Date(e.occurredAt),
      kind: "user_change",
      title: USER_TITLES[e.action as (typeof USER_ACTIONS)[number]],
      detail:
        e.action === "auth.user_role_changed"
          ? `${String(payload.from ?? "?")} → ${String(payload.to ?? "?")}`
          : e.action === "auth.user_created"
            ? `as ${String(payload.role ?? "?")}`
            : typeof payload.sessions_ended === "number" && payload.sessions_ended > 0
              ? `${payload.sessions_ended} session(s) ended`
              : null,
      scope: null,
      ref: `ledger #${e.seq}`,
      byId: e.actorId,
      note: null,
    });
  }

  // Newest first; ties in a stable order, so pages never overlap.
  events.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = events.slice(q.cursor, q.cursor + q.limit);
  const byId = await findPeople(page.map((e) => e.byId));

  return {
    user,
    rows: page.map(({ byId: who, ...e }) => ({ ...e, by: who ? (byId.get(who) ?? { id: who, name: who, email: "" }) : null })),
    total: events.length,
    nextCursor: q.cursor + q.limit < events.length ? String(q.cursor + q.limit) : null,
    prevCursor: q.cursor > 0 ? String(Math.max(0, q.cursor - q.limit)) : null,
    truncated: [requests, grants, reviewItems, userEntries].some((rows) => rows.length >= PER_SOURCE_CAP),
  };
}

const CLOSED_TITLES: Record<string, string> = { denied: "Request denied", cancelled: "Request cancelled", timed_out: "Request timed out" };
const ENDED_TITLES: Record<string, string> = { expired: "Expired", revoked: "Revoked", relinquished: "Given back" };
const REVIEW_TITLES: Record<string, string> = {
  certified: "Certified in review",
  revoked: "Revoked in review",
  auto_revoked: "Revoked at review due date",
};
const USER_TITLES: Record<(typeof USER_ACTIONS)[number], string> = {
  "auth.user_created": "Account created",
  "auth.user_disabled": "Account disabled",
  "auth.user_enabled": "Account re-enabled",
  "auth.user_role_changed": "Role changed",
};

function scopeOf(s: string): Scope | null {
  const r = ZScope.safeParse(s);
  return r.success ? r.data : null;
}

function parsePayload(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
