// Each tier's policy versions, newest first, with who made each one, why, and what it changed from the one before.
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { listPolicyVersions, type ScopePolicy } from "./get-policy";
import { changedRules, formatPolicyRule, type PolicyRule } from "./policy-rules";
import type { Scope } from "@/lib/core/tiers";

export interface PolicyVersion extends ScopePolicy {
  createdByEmail: string | null;
  /** What this version changed from the previous one; empty for version 1. */
  changes: Array<{ rule: PolicyRule; from: string; to: string }>;
}

export async function listPolicyHistory(viewer: { role: Role }, scope: Scope): Promise<PolicyVersion[]> {
  if (!can(viewer, "policy.read")) throw new AppError("forbidden", "Reading scope policies needs the policy.read permission");
  const versions = await listPolicyVersions(scope);
  const authorIds = [...new Set(versions.map((v) => v.createdById).filter((id): id is string => !!id))];
  const authors = authorIds.length ? await getDb().user.findMany({ where: { id: { in: authorIds } }, select: { id: true, email: true } }) : [];
  const emails = new Map(authors.map((a) => [a.id, a.email]));
  return versions.map((v, i) => {
    const previous = versions[i + 1];
    return {
      ...v,
      createdByEmail: v.createdById ? (emails.get(v.createdById) ?? null) : null,
      changes: previous
        ? changedRules(previous, v).map((rule) => ({ rule, from: formatPolicyRule(rule, previous), to: formatPolicyRule(rule, v) }))
        : [],
    };
  });
}
