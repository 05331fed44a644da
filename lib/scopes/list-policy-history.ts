// Each tier's policy versions, newest first, with who made each one, why, and what it changed from the one before.
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { listPolicyVersions, type ScopePolicy } from "./get-policy";
import { changedRules, formatPolicyRule, type PolicyRule } from "./policy-rules";
import type { Scope } from "@/lib/core/tiers";
import { findPeople } from "./find-people";

export interface PolicyVersion extends ScopePolicy {
  createdByEmail: string | null;
  /** What this version changed from the previous one; empty for version 1. */
  changes: Array<{ rule: PolicyRule; from: string; to: string }>;
}

export async function listPolicyHistory(viewer: { role: Role }, scope: Scope): Promise<PolicyVersion[]> {
  if (!can(viewer, "policy.read")) throw new AppError("forbidden", "Reading scope policies needs the policy.read permission");
  const versions = await listPolicyVersions(scope);
  const authors = await findPeople(versions.map((v) => v.createdById));
  return versions.map((v, i) => {
    const previous = versions[i + 1];
    return {
      ...v,
      createdByEmail: v.createdById ? (authors.get(v.createdById)?.email ?? null) : null,
      changes: previous
        ? changedRules(previous, v).map((rule) => ({ rule, from: formatPolicyRule(rule, previous), to: formatPolicyRule(rule, v) }))
        : [],
    };
  });
}
