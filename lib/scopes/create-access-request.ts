// An analyst (or anyone holding scope.request) asks for a tier, for themselves, for a while, with a reason and a
// ticket where the policy in force asks for them. The request waits for the policy's number of approvals, or times out.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { describePii, detectPii } from "@/lib/core/pii-detect";
import { ZScope } from "@/lib/core/schemas";
import { TIER_LABELS, type Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { notifyPrivacyAdmins } from "@/lib/inbox/notify";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { datasetsJson, lockRow } from "./access-request-internals";
import { describeMinutes, utcText } from "./durations";
import { getPolicy, type ScopePolicy } from "./get-policy";
import { commitOrRefuse, invalidField, refuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";
import { ZDatasetRef, ZReason, ZTicket } from "./vocabulary";

/** The shortest grant anyone may ask for. */
export const MIN_DURATION_MINUTES = 60;
const MAX_DATASETS = 50;

export interface CreateAccessRequest {
  scope: string;
  reason?: string;
  ticket?: string;
  durationMinutes: number;
  /** `key@version` refs to limit the grant to; empty or absent = every dataset. */
  datasets?: readonly string[];
}

export interface CreatedAccessRequest {
  id: string;
  scope: Scope;
  approvalsRequired: number;
  pendingUntil: Date;
}

export async function createAccessRequest(acting: Acting, input: CreateAccessRequest): Promise<CreatedAccessRequest> {
  const { actor, meta } = acting;
  const scope = ZScope.safeParse(input.scope);
  const ctx: RefusalContext = {
    attempted: "request_scope",
    privacyTier: scope.success ? scope.data : "none",
    resource: scope.success ? `scope:${scope.data}` : "scope:unknown",
    recordId: actor.id,
    payload: { scope: scope.success ? scope.data : null, duration_minutes: Number.isFinite(input.durationMinutes) ? input.durationMinutes : null },
  };

  await requirePermissionOrRefuse(acting, "scope.request", ctx, "Your role cannot request access (scope.request)");
  if (!scope.success) throw await refuse(acting, refusal(ctx, "validation_failed", "Choose one of the four tiers", "scope"));
  const tier = scope.data;

  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    // One requester's requests take turns (PostgreSQL), so two tabs cannot both pass "no pending request yet".
    await lockRow(tx, "users", actor.id);
    const policy = await getPolicy(tier, tx);
    ctx.payload = { ...ctx.payload, policy_version: policy.version };

    const reason = checkReason(ctx, policy, input.reason ?? "");
    const ticket = checkTicket(ctx, policy, input.ticket ?? "");
    const durationMinutes = checkDuration(ctx, policy, input.durationMinutes);
    const datasets = await checkDatasets(ctx, input.datasets ?? [], (refs) =>
      tx.dataset.findMany({ where: { OR: refs.map(splitRef) }, select: { key: true, version: true } }),
    );

    const at = now();
    const pending = await tx.accessRequest.findFirst({ where: { requesterId: actor.id, scope: tier, status: "pending" }, select: { id: true } });
    if (pending) {
      throw refusal(ctx, "conflict", `You already have a pending ${tier} request (${pending.id}); cancel it or wait for its decision`, "scope");
    }
    const held = await tx.grant.findFirst({
      where: { userId: actor.id, scope: tier, status: "active", datasets: null, activatedAt: { lte: at }, expiresAt: { gt: at } },
      orderBy: { expiresAt: "desc" },
      select: { expiresAt: true },
    });
    if (held) throw refusal(ctx, "conflict", `You already hold ${tier} for every dataset until ${utcText(held.expiresAt)}`, "scope");

    const id = newId("req");
    const pendingUntil = new Date(at.getTime() + policy.pendingTimeoutMinutes * 60_000);
    await tx.accessRequest.create({
      data: {
        id,
        requesterId: actor.id,
        scope: tier,
        reason,
        ticket,
        durationMinutes,
        datasets: datasetsJson(datasets),
        policyVersion: policy.version,
        approvalsRequired: policy.approvalsRequired,
        status: "pending",
        createdAt: at,
        pendingUntil,
      },
    });
    record(
      governanceEntry(actor, meta, {
        action: "governance.scope_requested",
        privacyTier: tier,
        resource: `request:${id}`,
        recordId: actor.id,
        purpose: reason,
        payload: {
          request_id: id,
          requester_id: actor.id,
          scope: tier,
          duration_minutes: durationMinutes,
          datasets: datasets ? [...datasets].sort() : null,
          ticket,
          policy_version: policy.version,
          approvals_required: policy.approvalsRequired,
          pending_until: pendingUntil.toISOString(),
        },
      }),
    );
    const requester = await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } });
    await notifyPrivacyAdmins(
      {
        kind: "scope.requested",
        title: `${TIER_LABELS[tier]} access requested`,
        body: `${requester?.name ?? "Someone"} asks for ${tier} for ${describeMinutes(durationMinutes)}${datasets ? ` (${datasets.join(", ")})` : ""}. ${approvalsText(policy.approvalsRequired)} needed.`,
        href: `/requests/${id}`,
      },
      { except: actor.id, tx },
    );
    return { id, scope: tier, approvalsRequired: policy.approvalsRequired, pendingUntil };
  });
  return result;
}

export function approvalsText(n: number): string {
  return n === 1 ? "1 approval" : `${n} approvals`;
}

function checkReason(ctx: RefusalContext, policy: ScopePolicy, raw: string): string {
  const text = raw.trim();
  if (!text) {
    if (policy.reasonRequired) throw refusal(ctx, "validation_failed", `The ${policy.scope} policy requires a reason`, "reason");
    return "";
  }
  // Optional or not, a reason is stored and ledgered: no personal data in it.
  const parsed = ZReason.safeParse(text);
  if (!parsed.success) throw invalidField(ctx, "reason", parsed.error);
  return parsed.data;
}

function checkTicket(ctx: RefusalContext, policy: ScopePolicy, raw: string): string | null {
  const parsed = ZTicket.safeParse(raw);
  if (!parsed.success) throw invalidField(ctx, "ticket", parsed.error);
  const ticket = parsed.data;
  const pii = describePii(detectPii(ticket), "the ticket");
  if (pii) throw refusal(ctx, "validation_failed", `The ticket ${pii}`, "ticket");
  if (policy.ticketPattern === null) return ticket || null;
  let pattern: RegExp;
  try {
    pattern = new RegExp(policy.ticketPattern);
  } catch {
    // The policy is broken, not the request: refuse (no ticket can be checked) rather than fail or let it through.
    throw refusal(
      ctx,
      "conflict",
      `The ${policy.scope} policy's ticket pattern (version ${policy.version}) is not a valid regular expression, so no ticket can be checked; ask a privacy admin to correct the policy`,
      "ticket",
    );
  }
  if (!ticket) throw refusal(ctx, "validation_failed", `The ${policy.scope} policy requires a ticket matching ${policy.ticketPattern}`, "ticket");
  if (!pattern.test(ticket)) {
    throw refusal(ctx, "validation_failed", `The ticket must match ${policy.ticketPattern} (the ${policy.scope} policy)`, "ticket");
  }
  return ticket;
}

function checkDuration(ctx: RefusalContext, policy: ScopePolicy, minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < MIN_DURATION_MINUTES) {
    throw refusal(ctx, "validation_failed", "Ask for at least 1 hour, in whole minutes", "durationMinutes");
  }
  if (minutes > policy.maxDurationMinutes) {
    throw refusal(
      ctx,
      "validation_failed",
      `${policy.scope} access lasts at most ${describeMinutes(policy.maxDurationMinutes)} (policy version ${policy.version}); you asked for ${describeMinutes(minutes)}`,
      "durationMinutes",
    );
  }
  return minutes;
}

const splitRef = (ref: string) => {
  const at = ref.lastIndexOf("@");
  return { key: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
};

async function checkDatasets(
  ctx: RefusalContext,
  raw: readonly string[],
  find: (refs: string[]) => Promise<Array<{ key: string; version: number }>>,
): Promise<string[] | null> {
  const refs = [...new Set(raw.map((r) => r.trim()).filter(Boolean))];
  if (refs.length === 0) return null;
  if (refs.length > MAX_DATASETS) throw refusal(ctx, "validation_failed", `Choose at most ${MAX_DATASETS} datasets`, "datasets");
  for (const ref of refs) {
    // The message never repeats what was typed: refusals are ledgered, and free text may hold personal data.
    if (!ZDatasetRef.safeParse(ref).success)
      throw refusal(ctx, "validation_failed", "Each dataset must be a catalog key@version, e.g. marketplace.people@1", "datasets");
  }
  const known = new Set((await find(refs)).map((d) => `${d.key}@${d.version}`));
  const unknown = refs.filter((r) => !known.has(r));
  if (unknown.length > 0) {
    throw refusal(ctx, "validation_failed", `Not in the catalog: ${unknown.join(", ")}`, "datasets");
  }
  return refs.sort();
}

/** The catalog's datasets a request may be limited to, for the request form. */
export async function listRequestableDatasets(): Promise<Array<{ ref: string; title: string }>> {
  const rows = await getDb().dataset.findMany({ select: { key: true, version: true, title: true }, orderBy: [{ key: "asc" }, { version: "asc" }] });
  return rows.map((d) => ({ ref: `${d.key}@${d.version}`, title: d.title }));
}
