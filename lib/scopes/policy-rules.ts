// The rules a tier's scope policy sets, their names and how they read, and which changed between two versions.
// Pure and zod-free: the Policies screen's client components use it as well as lib/scopes.
import { describeMinutes } from "./durations";

export const POLICY_RULES = [
  "approvalsRequired",
  "maxDurationMinutes",
  "reasonRequired",
  "ticketPattern",
  "breakGlassAllowed",
  "breakGlassMaxMinutes",
  "pendingTimeoutMinutes",
] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

export interface PolicyRules {
  approvalsRequired: number;
  maxDurationMinutes: number;
  reasonRequired: boolean;
  ticketPattern: string | null;
  breakGlassAllowed: boolean;
  breakGlassMaxMinutes: number;
  pendingTimeoutMinutes: number;
}

export const POLICY_RULE_LABELS: Record<PolicyRule, string> = {
  approvalsRequired: "Approvals needed",
  maxDurationMinutes: "Longest grant",
  reasonRequired: "Reason required",
  ticketPattern: "Ticket pattern",
  breakGlassAllowed: "Break-glass",
  breakGlassMaxMinutes: "Break-glass limit",
  pendingTimeoutMinutes: "Request times out after",
};

/** The ledger's names for the rules (snake_case, as the event envelope). */
export const POLICY_RULE_KEYS: Record<PolicyRule, string> = {
  approvalsRequired: "approvals_required",
  maxDurationMinutes: "max_duration_minutes",
  reasonRequired: "reason_required",
  ticketPattern: "ticket_pattern",
  breakGlassAllowed: "break_glass_allowed",
  breakGlassMaxMinutes: "break_glass_max_minutes",
  pendingTimeoutMinutes: "pending_timeout_minutes",
};

export function formatPolicyRule(rule: PolicyRule, p: PolicyRules): string {
  switch (rule) {
    case "approvalsRequired":
      return p.approvalsRequired === 1 ? "1 approval" : `${p.approvalsRequired} approvals`;
    case "reasonRequired":
      return p.reasonRequired ? "yes" : "no";
    case "ticketPattern":
      return p.ticketPattern ?? "no ticket asked";
    case "breakGlassAllowed":
      return p.breakGlassAllowed ? "allowed" : "not allowed";
    case "breakGlassMaxMinutes":
      return p.breakGlassMaxMinutes === 0 ? "none" : describeMinutes(p.breakGlassMaxMinutes);
    default:
      return describeMinutes(p[rule]);
  }
}

/** The rules whose values differ, in display order. */
export function changedRules(before: PolicyRules, after: PolicyRules): PolicyRule[] {
  return POLICY_RULES.filter((r) => before[r] !== after[r]);
}

export function pickRules(p: PolicyRules): PolicyRules {
  return Object.fromEntries(POLICY_RULES.map((r) => [r, p[r]])) as unknown as PolicyRules;
}
