// A refused governance attempt is evidence too (issue 6: "refused with a clear message and recorded in the
// ledger"): the attempt is written as a deny entry on its own, then the caller throws the same AppError.
// The one way every verb in lib/scopes refuses (docs/decisions/013, 014): build the refusal with `refusal(ctx, …)`;
// before any unit of work, `throw await refuse(acting, refusal(…))`; inside `commitOrRefuse`'s work, `throw refusal(…)`.
// A refusal cannot be appended inside the unit of work (the change must roll back, and on SQLite the transaction
// holds the write lock the separate append needs), so commitOrRefuse records it once the transaction is gone.
import type { z } from "zod";
import type { Acting, Actor, RequestMeta } from "@/lib/core/actor";
import { AppError, type ErrorCode } from "@/lib/core/errors";
import { can, ROLE_LABELS, type Permission } from "@/lib/core/permissions";
import type { PrivacyTier } from "@/lib/core/tiers";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { commitWithLedger, governanceEntry, type Committed, type UnitOfWork } from "@/lib/ledger/unit-of-work";

export interface Refusal {
  /** What was attempted, e.g. "approve_request", "request_scope", "break_glass". */
  attempted: string;
  privacyTier: PrivacyTier;
  resource: string;
  recordId?: string | null;
  error: AppError;
  payload?: Record<string, unknown>;
}

/** What a verb's refusals share: everything but the error. */
export type RefusalContext = Omit<Refusal, "error">;

/** A refusal not yet recorded: thrown inside a unit of work, or handed to `refuse` before one. */
export class RefusedInside extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.error.message);
    this.name = "RefusedInside";
  }
}

/** Records the refusal and returns the error for the caller to throw: `throw await refuse(…)`. */
export async function refuse(who: { actor: Pick<Actor, "id" | "role">; meta: RequestMeta }, refused: Refusal | RefusedInside): Promise<AppError> {
  const r = refused instanceof RefusedInside ? refused.refusal : refused;
  await appendLedgerEntry(
    governanceEntry(who.actor, who.meta, {
      action: "governance.action_refused",
      decision: "deny",
      privacyTier: r.privacyTier,
      resource: r.resource,
      recordId: r.recordId ?? null,
      // The message is ours (never user text), so it is safe to show auditors.
      purpose: r.error.message.slice(0, 500),
      payload: { attempted: r.attempted, code: r.error.code, field: r.error.field ?? null, ...r.payload },
    }),
  );
  return r.error;
}

/** A refusal of `ctx`'s attempt; `payload` adds to the context's payload for this refusal only. */
export function refusal(ctx: RefusalContext, code: ErrorCode, message: string, field?: string, payload?: Record<string, unknown>): RefusedInside {
  return new RefusedInside({
    ...ctx,
    ...(payload ? { payload: { ...ctx.payload, ...payload } } : {}),
    error: new AppError(code, message, { field }),
  });
}

/** A zod failure of one field as a refusal naming that field, with the schema's own message. */
export function invalidField(ctx: RefusalContext, field: string, err: z.ZodError): RefusedInside {
  return refusal(ctx, "validation_failed", err.issues[0]?.message ?? "Invalid value", field);
}

/** commitWithLedger, where `work` may throw RefusedInside: then nothing is written, the refusal is recorded and thrown. */
export async function commitOrRefuse<T>(acting: Acting, work: (uow: UnitOfWork) => Promise<T>): Promise<Committed<T>> {
  try {
    return await commitWithLedger(work);
  } catch (err) {
    if (err instanceof RefusedInside) throw await refuse(acting, err);
    throw err;
  }
}

/** Law 5, checked again in the domain whoever calls; `message` replaces the generic one where the verb says more. */
export async function requirePermissionOrRefuse(acting: Acting, permission: Permission, ctx: RefusalContext, message?: string): Promise<void> {
  if (can(acting.actor, permission)) return;
  throw await refuse(
    acting,
    refusal(ctx, "forbidden", message ?? `Your role (${ROLE_LABELS[acting.actor.role]}) does not allow this (${permission}).`),
  );
}

/** The parsed input, or a recorded 422 naming the first bad field (`fallbackField` when the issue has no path) and why. */
export async function parseOrRefuse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  acting: Acting,
  ctx: RefusalContext,
  fallbackField?: string,
): Promise<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? String(issue.path[0]) : fallbackField;
  throw await refuse(acting, refusal(ctx, "validation_failed", issue?.message ?? "Invalid input", field));
}
