// The scope policies in force: per tier, the highest version (every edit is a new version, docs/decisions/011).
import type { Scope } from "@/lib/core/tiers";
import { SCOPES } from "@/lib/core/tiers";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";

export interface ScopePolicy {
  scope: Scope;
  version: number;
  approvalsRequired: number;
  maxDurationMinutes: number;
  reasonRequired: boolean;
  ticketPattern: string | null;
  breakGlassAllowed: boolean;
  breakGlassMaxMinutes: number;
  pendingTimeoutMinutes: number;
  changeReason: string;
  createdById: string | null;
  createdAt: Date;
}

const SELECT = {
  scope: true,
  version: true,
  approvalsRequired: true,
  maxDurationMinutes: true,
  reasonRequired: true,
  ticketPattern: true,
  breakGlassAllowed: true,
  breakGlassMaxMinutes: true,
  pendingTimeoutMinutes: true,
  changeReason: true,
  createdById: true,
  createdAt: true,
} as const;

/** The policy in force for a tier. Read inside the unit of work when a decision depends on it. */
export async function getPolicy(scope: Scope, tx?: Tx): Promise<ScopePolicy> {
  const row = await (tx ?? getDb()).scopePolicy.findFirst({ where: { scope }, orderBy: { version: "desc" }, select: SELECT });
  // The migration writes version 1 of every tier, so a missing policy is a broken database: refuse, never default.
  if (!row) throw new AppError("unavailable", `No scope policy for ${scope}; the console database is not migrated`);
  return { ...row, scope: row.scope as Scope };
}

export async function listPolicies(): Promise<ScopePolicy[]> {
  return Promise.all(SCOPES.map((s) => getPolicy(s)));
}

export async function listPolicyVersions(scope: Scope): Promise<ScopePolicy[]> {
  const rows = await getDb().scopePolicy.findMany({ where: { scope }, orderBy: { version: "desc" }, select: SELECT });
  return rows.map((r) => ({ ...r, scope: r.scope as Scope }));
}
