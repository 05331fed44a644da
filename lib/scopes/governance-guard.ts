// The checks every governance verb of the grants slice makes, each refusal recorded before it is thrown: the
// permission (law 5, checked again in the domain, whoever calls), the input, and the rules that need the database.
// Rules checked inside a unit of work cannot append a refusal there (the change must roll back, and on SQLite the
// transaction holds the write lock the separate append needs): they throw RefusedInside, and commitOrRefuse records
// the refusal once the transaction is gone.
import type { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can, ROLE_LABELS, type Permission } from "@/lib/core/permissions";
import { commitWithLedger, type Committed, type UnitOfWork } from "@/lib/ledger/unit-of-work";
import { refuse, type Refusal } from "./record-refusal";

export type RefusalContext = Omit<Refusal, "error">;

export class RefusedInside extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.error.message);
    this.name = "RefusedInside";
  }
}

export async function requirePermissionOrRefuse(acting: Acting, permission: Permission, ctx: RefusalContext): Promise<void> {
  if (can(acting.actor, permission)) return;
  throw await refuse(acting, {
    ...ctx,
    error: new AppError("forbidden", `Your role (${ROLE_LABELS[acting.actor.role]}) does not allow this (${permission}).`),
  });
}

/** The parsed input, or a recorded 422 naming the first bad field and why. */
export async function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown, acting: Acting, ctx: RefusalContext): Promise<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? String(issue.path[0]) : undefined;
  throw await refuse(acting, { ...ctx, error: new AppError("validation_failed", issue?.message ?? "Invalid input", { field }) });
}

/** commitWithLedger, where `work` may throw RefusedInside: then nothing is written, the refusal is recorded and thrown. */
export async function commitOrRefuse<T>(acting: Acting, work: (uow: UnitOfWork) => Promise<T>): Promise<Committed<T>> {
  try {
    return await commitWithLedger(work);
  } catch (err) {
    if (err instanceof RefusedInside) throw await refuse(acting, err.refusal);
    throw err;
  }
}
