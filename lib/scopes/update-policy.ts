// A privacy admin edits a tier's scope policy (issue 6 item 3). Every edit is a new version, never an update of a row,
// so a grant or a request keeps naming the version it was decided under; the ledger records the old and the new
// values and the reason (governance.scope_policy_changed). An edit that changes nothing is refused.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { describeMinutes, MINUTES } from "./durations";
import { getPolicy, type ScopePolicy } from "./get-policy";
import { changedRules, pickRules, POLICY_RULE_KEYS, type PolicyRules } from "./policy-rules";
import { commitOrRefuse, parseOrRefuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "./record-refusal";
import { ZReason } from "./vocabulary";

export const POLICY_LIMITS = {
  approvals: { min: 1, max: 5 },
  maxDuration: { min: MINUTES.hours, max: 365 * MINUTES.days },
  breakGlass: { min: 15, max: MINUTES.days },
  pendingTimeout: { min: MINUTES.hours, max: 30 * MINUTES.days },
  ticketPatternLength: 100,
} as const;

/**
 * Why a ticket pattern is refused, or null when it is fine. The pattern must compile and stay short, and it must not
 * be able to backtrack catastrophically. The rule for that is deliberately simple (docs/decisions/014): no repeated
 * group (`*`, `+`, `{n,}`, `{n,m}`) may contain a quantifier or an alternation — `(a+)+`, `(\w+\s?)*`, `(a|ab)*` are
 * out; `^PRIV-[0-9]+$` and `^(PRIV|SEC)-[0-9]{1,8}$` are in — and no back-references or lookarounds. Tickets are at
 * most 64 characters (ZTicket), which bounds what is left (adjacent quantifiers) to polynomial time on short input.
 */
export function ticketPatternProblem(pattern: string): string | null {
  if (pattern.length > POLICY_LIMITS.ticketPatternLength) return `Keep the ticket pattern under ${POLICY_LIMITS.ticketPatternLength} characters`;
  try {
    new RegExp(pattern);
  } catch {
    return "The ticket pattern is not a valid regular expression";
  }
  const groups: Array<{ quantified: boolean; alternation: boolean }> = [{ quantified: false, alternation: false }];
  const top = () => groups[groups.length - 1];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "(") {
      if (/^\(\?(=|!|<=|<!)/.test(pattern.slice(i))) return "Lookarounds ((?=…), (?!…), (?<=…), (?<!…)) are not allowed in a ticket pattern";
      const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(pattern.slice(i));
      i += named ? named[0].length : pattern.startsWith("(?:", i) ? 3 : 1;
      groups.push({ quantified: false, alternation: false });
      continue;
    }
    if (c === "|") {
      top().alternation = true;
      i++;
      continue;
    }
    let group: { quantified: boolean; alternation: boolean } | null = null;
    if (c === ")") {
      group = groups.length > 1 ? groups.pop()! : null;
      i++;
    } else if (c === "\\") {
      if (/[1-9k]/.test(pattern[i + 1] ?? "")) return "Back-references (\\1, \\k<name>) are not allowed in a ticket pattern";
      i += 2;
    } else if (c === "[") {
      i = endOfClass(pattern, i);
    } else i++;
    const q = quantifierAt(pattern, i);
    if (group && q?.repeats && (group.quantified || group.alternation)) {
      return "A repeated group may not contain a quantifier or an alternation (e.g. (a+)+ or (a|ab)*): it can make matching take exponential time. Use a character class such as [A-Z0-9]+ instead";
    }
    const parent = top();
    if (group) {
      parent.quantified ||= group.quantified;
      parent.alternation ||= group.alternation;
    }
    if (q) {
      parent.quantified = true;
      i += q.length;
    }
  }
  return null;
}

function endOfClass(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === "^") i++;
  if (p[i] === "]") i++; // a leading ] is a literal
  while (i < p.length && p[i] !== "]") i += p[i] === "\\" ? 2 : 1;
  return i + 1;
}

function quantifierAt(p: string, i: number): { length: number; repeats: boolean } | null {
  const c = p[i];
  let length = 0;
  let repeats = false;
  if (c === "*" || c === "+") [length, repeats] = [1, true];
  else if (c === "?") length = 1;
  else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return null; // a literal {
    length = m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    repeats = max > 1;
  } else return null;
  if (p[i + length] === "?") length++; // lazy
  return { length, repeats };
}

const minutesBetween = (label: string, min: number, max: number) =>
  z
    .number({ error: `Give the ${label.toLowerCase()}` })
    .int(`Give the ${label.toLowerCase()} in whole minutes`)
    .min(min, `${label} is at least ${describeMinutes(min)}`)
    .max(max, `${label} is at most ${describeMinutes(max)}`);

export const ZPolicyEdit = z
  .object({
    approvalsRequired: z
      .number({ error: "Give the number of approvals needed" })
      .int("Give a whole number of approvals")
      .min(POLICY_LIMITS.approvals.min, "At least 1 approval is needed")
      .max(POLICY_LIMITS.approvals.max, `At most ${POLICY_LIMITS.approvals.max} approvals can be asked for`),
    maxDurationMinutes: minutesBetween("The longest grant", POLICY_LIMITS.maxDuration.min, POLICY_LIMITS.maxDuration.max),
    reasonRequired: z.boolean(),
    ticketPattern: z
      .string()
      .trim()
      .nullable()
      .transform((p) => (p ? p : null))
      .superRefine((p, ctx) => {
        const problem = p === null ? null : ticketPatternProblem(p);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    breakGlassAllowed: z.boolean(),
    breakGlassMaxMinutes: z
      .number({ error: "Give the break-glass limit" })
      .int("Give the break-glass limit in whole minutes")
      .min(0)
      .max(POLICY_LIMITS.breakGlass.max, `Break-glass lasts at most ${describeMinutes(POLICY_LIMITS.breakGlass.max)}`),
    pendingTimeoutMinutes: minutesBetween("The pending timeout", POLICY_LIMITS.pendingTimeout.min, POLICY_LIMITS.pendingTimeout.max),
    changeReason: ZReason,
    /** The version the editor saw; an edit based on an older one is refused rather than silently overwriting. */
    baseVersion: z.number().int().positive().optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.breakGlassAllowed) return;
    if (p.breakGlassMaxMinutes < POLICY_LIMITS.breakGlass.min) {
      ctx.addIssue({ code: "custom", path: ["breakGlassMaxMinutes"], message: `Break-glass lasts at least ${POLICY_LIMITS.breakGlass.min} minutes` });
    } else if (p.breakGlassMaxMinutes > p.maxDurationMinutes) {
      ctx.addIssue({ code: "custom", path: ["breakGlassMaxMinutes"], message: "Break-glass cannot last longer than the longest grant" });
    }
  });
export type TPolicyEdit = z.input<typeof ZPolicyEdit>;

export async function updatePolicy(acting: Acting, scope: Scope, edit: TPolicyEdit): Promise<ScopePolicy> {
  const tier = ZScope.safeParse(scope);
  const ctx: RefusalContext = {
    attempted: "update_policy",
    privacyTier: tier.success ? tier.data : "none",
    resource: `scope_policy:${tier.success ? tier.data : "unknown"}`,
  };
  await requirePermissionOrRefuse(acting, "policy.manage", ctx);
  const { scope: s } = await parseOrRefuse(z.object({ scope: ZScope }), { scope }, acting, ctx);
  const e = await parseOrRefuse(ZPolicyEdit, edit, acting, ctx);
  const next: PolicyRules = pickRules(e);

  try {
    const { result } = await commitOrRefuse(acting, async (uow) => {
      const current = await getPolicy(s, uow.tx);
      if (e.baseVersion !== undefined && e.baseVersion !== current.version) {
        throw new AppError("conflict", `This policy changed while you edited it: it is now version ${current.version}. Review it and edit again.`);
      }
      const changed = changedRules(current, next);
      if (changed.length === 0) {
        throw refusal(ctx, "validation_failed", `Nothing changed: version ${current.version} already sets these rules`);
      }
      const version = current.version + 1;
      const created = await uow.tx.scopePolicy.create({
        data: { id: newId("pol"), scope: s, version, ...next, changeReason: e.changeReason, createdById: acting.actor.id, createdAt: now() },
      });
      const ledgerForm = (p: PolicyRules) =>
        Object.fromEntries(Object.entries(POLICY_RULE_KEYS).map(([rule, key]) => [key, p[rule as keyof PolicyRules]]));
      uow.record(
        governanceEntry(acting.actor, acting.meta, {
          action: "governance.scope_policy_changed",
          privacyTier: s,
          resource: `scope_policy:${s}`,
          purpose: e.changeReason,
          payload: {
            scope: s,
            from_version: current.version,
            to_version: version,
            changed: changed.map((r) => POLICY_RULE_KEYS[r]),
            old: ledgerForm(current),
            new: ledgerForm(next),
          },
        }),
      );
      return { ...created, scope: s };
    });
    return result;
  } catch (err) {
    // Two editors at once on PostgreSQL: the second insert of the same version hits the unique (scope, version).
    if ((err as { code?: unknown })?.code === "P2002") {
      throw new AppError("conflict", "Someone else changed this policy at the same moment. Review it and edit again.", { cause: err });
    }
    throw err;
  }
}
