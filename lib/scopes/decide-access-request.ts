// Privacy admins decide requests (law 3, docs/decisions/013). Approvals add up to the number the policy asks for;
// the one that reaches it approves the request and activates the grant in the same unit of work. One denial closes
// it. Every check runs on the locked, re-read request inside the transaction, so concurrent deciders take turns.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { can } from "@/lib/core/permissions";
import { TIER_LABELS, type Scope } from "@/lib/core/tiers";
import { notifyUsers } from "@/lib/inbox/notify";
import { governanceEntry, type Tx, type UnitOfWork } from "@/lib/ledger/unit-of-work";
import { lockRow } from "./access-request-internals";
import { describeMinutes, utcText } from "./durations";
import { getPolicy } from "./get-policy";
import { activateGrant } from "./grant-lifecycle";
import { commitOrRefuse, invalidField, refusal, type RefusalContext } from "./record-refusal";
import { parseDatasets, ZComment } from "./vocabulary";

export interface DecideAccessRequest {
  requestId: string;
  comment: string;
}

export type ApprovalOutcome =
  | { status: "pending"; approvals: number; needed: number }
  | { status: "active"; approvals: number; needed: number; grantId: string; expiresAt: Date };

const SELECT = {
  id: true,
  requesterId: true,
  scope: true,
  reason: true,
  durationMinutes: true,
  datasets: true,
  approvalsRequired: true,
  status: true,
  pendingUntil: true,
} as const;

type LockedRequest = NonNullable<Awaited<ReturnType<typeof loadLocked>>>;

async function loadLocked(tx: Tx, requestId: string) {
  await lockRow(tx, "access_requests", requestId);
  return tx.accessRequest.findUnique({ where: { id: requestId }, select: SELECT });
}

/** The checks approve and deny share, in the order a person would want to hear them. */
async function openForDecision(tx: Tx, acting: Acting, input: DecideAccessRequest, attempted: "approve_request" | "deny_request") {
  const request = await loadLocked(tx, input.requestId);
  const ctx: RefusalContext = {
    attempted,
    privacyTier: (request?.scope as Scope | undefined) ?? "none",
    resource: `request:${request?.id ?? "unknown"}`,
    recordId: request?.requesterId ?? null,
  };
  const verb = attempted === "approve_request" ? "approve" : "deny";
  if (!can(acting.actor, "scope.approve")) throw refusal(ctx, "forbidden", `Only privacy admins ${verb} access requests (scope.approve)`);
  if (!request) throw refusal(ctx, "not_found", "No such request", "requestId");
  // Law 3. The grant a request leads to is always the requester's, so "your own request" and "a grant to yourself"
  // are the same person here; the message names both so nobody has to guess which rule applied.
  if (request.requesterId === acting.actor.id) {
    throw refusal(
      ctx,
      "forbidden",
      verb === "approve"
        ? "You cannot approve your own request: nobody approves access for themselves. Another privacy admin must decide it"
        : "You cannot deny your own request; cancel it instead",
      "requestId",
    );
  }
  if (request.status !== "pending")
    throw refusal(ctx, "conflict", `This request is no longer pending (it is ${request.status.replace("_", " ")})`, "requestId");
  const at = now();
  // The time-out job may not have run yet; a request past its time is decided by nobody.
  if (request.pendingUntil <= at) throw refusal(ctx, "conflict", `This request timed out at ${utcText(request.pendingUntil)}`, "requestId");
  const comment = ZComment.safeParse(input.comment ?? "");
  if (!comment.success) throw invalidField(ctx, "comment", comment.error);
  return { request, ctx, comment: comment.data, at };
}

export async function approveAccessRequest(acting: Acting, input: DecideAccessRequest): Promise<ApprovalOutcome> {
  const { actor, meta } = acting;
  const { result } = await commitOrRefuse<ApprovalOutcome>(acting, async (uow) => {
    const { tx, record } = uow;
    const { request, ctx, comment, at } = await openForDecision(tx, acting, input, "approve_request");
    const scope = request.scope as Scope;
    const policy = await getPolicy(scope, tx);
    // The stricter of the policy the request was made under and the policy in force now.
    const needed = Math.max(request.approvalsRequired, policy.approvalsRequired);
    const given = await tx.approval.findMany({ where: { requestId: request.id, decision: "approve" }, select: { approverId: true } });
    ctx.payload = { approvals: given.length, needed, policy_version: policy.version };
    if (given.some((a) => a.approverId === actor.id)) {
      throw refusal(
        ctx,
        "conflict",
        `You have already approved this request; one person never counts twice. It needs ${needed - given.length} more approval${needed - given.length === 1 ? "" : "s"} from other privacy admins`,
        "requestId",
      );
    }
    // A policy shortened since the request: approving would grant longer than it allows now (013: refuse, not trim).
    if (request.durationMinutes > policy.maxDurationMinutes) {
      throw refusal(
        ctx,
        "conflict",
        `The ${scope} policy in force (version ${policy.version}) allows at most ${describeMinutes(policy.maxDurationMinutes)}; this request asks for ${describeMinutes(request.durationMinutes)}. Deny it with a comment so the requester can ask again`,
        "requestId",
      );
    }
    const requester = await tx.user.findUnique({ where: { id: request.requesterId }, select: { status: true } });
    if (requester?.status !== "active") throw refusal(ctx, "conflict", "The requester's account is disabled; deny the request instead", "requestId");

    await tx.approval.create({
      data: { id: newId("apr"), requestId: request.id, approverId: actor.id, decision: "approve", comment, createdAt: at },
    });
    const approvals = given.length + 1;
    record(
      governanceEntry(actor, meta, {
        action: "governance.scope_approval_given",
        privacyTier: scope,
        resource: `request:${request.id}`,
        recordId: request.requesterId,
        purpose: comment,
        payload: { request_id: request.id, requester_id: request.requesterId, scope, approvals, needed, policy_version: policy.version },
      }),
    );
    if (approvals < needed) return { status: "pending", approvals, needed };
    return { ...(await activate(uow, acting, request, { comment, approvals, needed, policyVersion: policy.version, at })), approvals, needed };
  });
  return result;
}

async function activate(
  uow: UnitOfWork,
  acting: Acting,
  request: LockedRequest,
  d: { comment: string; approvals: number; needed: number; policyVersion: number; at: Date },
): Promise<{ status: "active"; grantId: string; expiresAt: Date }> {
  const scope = request.scope as Scope;
  await uow.tx.accessRequest.update({ where: { id: request.id }, data: { status: "approved", decidedAt: d.at } });
  uow.record(
    governanceEntry(acting.actor, acting.meta, {
      action: "governance.scope_request_approved",
      privacyTier: scope,
      resource: `request:${request.id}`,
      recordId: request.requesterId,
      purpose: d.comment,
      payload: {
        request_id: request.id,
        requester_id: request.requesterId,
        scope,
        approvals: d.approvals,
        needed: d.needed,
        policy_version: d.policyVersion,
      },
    }),
  );
  const datasets = parseDatasets(request.datasets);
  // The grant's clock starts now, at activation, not when it was asked for (issue 6).
  const grant = await activateGrant(uow, acting, {
    userId: request.requesterId,
    scope,
    source: "request",
    requestId: request.id,
    reason: request.reason || `Request ${request.id}`,
    datasets,
    policyVersion: d.policyVersion,
    durationMinutes: request.durationMinutes,
    grantedById: acting.actor.id,
  });
  await notifyUsers(
    [request.requesterId],
    {
      kind: "scope.request_approved",
      title: `${TIER_LABELS[scope]} access is active`,
      body: `Your ${scope} request was approved (${d.approvals} of ${d.needed}). Access runs until ${utcText(grant.expiresAt)}.`,
      href: "/access",
    },
    uow.tx,
  );
  return { status: "active", grantId: grant.id, expiresAt: grant.expiresAt };
}

export async function denyAccessRequest(acting: Acting, input: DecideAccessRequest): Promise<void> {
  const { actor, meta } = acting;
  await commitOrRefuse(acting, async ({ tx, record }) => {
    const { request, comment, at } = await openForDecision(tx, acting, input, "deny_request");
    const scope = request.scope as Scope;
    // The denial lives on the request (who, when, why); approvals given before it stay as they were (013).
    await tx.accessRequest.update({
      where: { id: request.id },
      data: { status: "denied", decidedAt: at, closedById: actor.id, closeComment: comment },
    });
    record(
      governanceEntry(actor, meta, {
        action: "governance.scope_request_denied",
        privacyTier: scope,
        resource: `request:${request.id}`,
        recordId: request.requesterId,
        purpose: comment,
        payload: { request_id: request.id, requester_id: request.requesterId, scope },
      }),
    );
    await notifyUsers(
      [request.requesterId],
      {
        kind: "scope.request_denied",
        title: `${TIER_LABELS[scope]} request denied`,
        body: `Your ${scope} request was denied: ${comment}`,
        href: "/access",
      },
      tx,
    );
  });
}
