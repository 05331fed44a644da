// The two moves every grant makes, inside a unit of work: it becomes active (its clock starts now, law: the
// grant's time runs from activation, not from the request), and it ends (expired, revoked, relinquished). Requests
// follow their grant's state. Every workflow (requests, direct grants, break-glass, reviews, expiry) uses these.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { bumpAccessVersion } from "@/lib/catalog/access-version";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { Scope } from "@/lib/core/tiers";
import { governanceEntry, type UnitOfWork } from "@/lib/ledger/unit-of-work";
import type { GovernanceAction, GrantEnd, GrantSource } from "./vocabulary";

export interface ActivateGrant {
  userId: string;
  scope: Scope;
  source: GrantSource;
  requestId?: string | null;
  reason: string;
  /** Dataset refs the grant is limited to; null = every dataset. */
  datasets: readonly string[] | null;
  policyVersion: number;
  durationMinutes: number;
  /** The privacy admin who granted or gave the final approval; null for break-glass (self-activated). */
  grantedById: string | null;
  /** Break-glass: the after-review is due by then. */
  afterReviewDueAt?: Date | null;
}

export interface ActivatedGrant {
  id: string;
  activatedAt: Date;
  expiresAt: Date;
}

export async function activateGrant(
  uow: UnitOfWork,
  who: { actor: Pick<Actor, "id" | "role"> | null; meta: RequestMeta },
  g: ActivateGrant,
): Promise<ActivatedGrant> {
  const activatedAt = now();
  const expiresAt = new Date(activatedAt.getTime() + g.durationMinutes * 60_000);
  const id = newId("grt");
  await uow.tx.grant.create({
    data: {
      id,
      userId: g.userId,
      scope: g.scope,
      status: "active",
      source: g.source,
      requestId: g.requestId ?? null,
      datasets: g.datasets ? JSON.stringify([...g.datasets].sort()) : null,
      policyVersion: g.policyVersion,
      reason: g.reason,
      grantedById: g.grantedById,
      activatedAt,
      expiresAt,
      afterReviewDueAt: g.afterReviewDueAt ?? null,
    },
  });
  if (g.requestId) await uow.tx.accessRequest.update({ where: { id: g.requestId }, data: { status: "active" } });
  await bumpAccessVersion(uow.tx);
  uow.record(
    governanceEntry(who.actor, who.meta, {
      action: (g.source === "break_glass" ? "governance.break_glass_activated" : "governance.scope_activated") satisfies GovernanceAction,
      privacyTier: g.scope,
      resource: `grant:${id}`,
      recordId: g.userId,
      purpose: g.reason,
      payload: {
        grant_id: id,
        request_id: g.requestId ?? null,
        user_id: g.userId,
        scope: g.scope,
        source: g.source,
        datasets: g.datasets ? [...g.datasets].sort() : null,
        policy_version: g.policyVersion,
        activated_at: activatedAt.toISOString(),
        expires_at: expiresAt.toISOString(),
      },
    }),
  );
  return { id, activatedAt, expiresAt };
}

const END_ACTION = {
  expired: "governance.scope_expired",
  revoked: "governance.scope_revoked",
  relinquished: "governance.scope_relinquished",
} as const satisfies Record<GrantEnd, GovernanceAction>;

/**
 * Ends an active grant. Conditional on it still being active, so two enders (the expiry job and an admin, two
 * instances) cannot both end it: the second gets a conflict and writes nothing.
 */
export async function endGrant(
  uow: UnitOfWork,
  who: { actor: Pick<Actor, "id" | "role"> | null; meta: RequestMeta },
  grantId: string,
  end: GrantEnd,
  comment: string,
  extraPayload: Record<string, unknown> = {},
): Promise<{ userId: string; scope: Scope }> {
  const at = now();
  const { count } = await uow.tx.grant.updateMany({
    where: { id: grantId, status: "active" },
    data: { status: end, endedAt: at, endedById: who.actor?.id ?? null, endComment: comment },
  });
  const grant = await uow.tx.grant.findUnique({ where: { id: grantId }, select: { userId: true, scope: true, requestId: true, status: true } });
  if (!grant) throw new AppError("not_found", "No such grant", { field: "grantId" });
  if (count === 0) throw new AppError("conflict", `This grant is already ${grant.status.replace("_", " ")}`, { field: "grantId" });
  await bumpAccessVersion(uow.tx);
  if (grant.requestId) await uow.tx.accessRequest.update({ where: { id: grant.requestId }, data: { status: end } });
  uow.record(
    governanceEntry(who.actor, who.meta, {
      action: END_ACTION[end],
      privacyTier: grant.scope as Scope,
      resource: `grant:${grantId}`,
      recordId: grant.userId,
      purpose: comment,
      payload: {
        grant_id: grantId,
        request_id: grant.requestId,
        user_id: grant.userId,
        scope: grant.scope,
        ended_at: at.toISOString(),
        ...extraPayload,
      },
    }),
  );
  return { userId: grant.userId, scope: grant.scope as Scope };
}
