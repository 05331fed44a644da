"use client";
// Edit one tier's policy: every rule at once, and why. Saving makes a new version; the one in force stays as it was
// until then. POSTs to a server action; errors come back beside their fields.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import type { Scope } from "@/lib/core/tiers";
import { MINUTES, type DurationUnit } from "@/lib/scopes/durations";
import type { PolicyRules } from "@/lib/scopes/policy-rules";
import { DurationField } from "../grants/duration-field";
import { updatePolicyAction } from "./actions";
import { EMPTY_POLICY_FORM } from "./form-state";

export interface PolicyFormProps {
  scope: Scope;
  version: number;
  rules: PolicyRules;
}

export function PolicyForm({ scope, version, rules }: PolicyFormProps) {
  const [state, formAction, pending] = useActionState(updatePolicyAction, EMPTY_POLICY_FORM);
  const failed = state.alert !== null || Object.keys(state.errors).length > 0;
  // After a failed save the person's own entries come back; otherwise the rules in force.
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const duration = (name: keyof PolicyRules, minutes: number, units: readonly DurationUnit[]) => {
    const shown = inUnits(minutes, units);
    const unit = value(`${name}Unit`, shown.unit) as DurationUnit;
    // 0 (a tier without break-glass) shows as blank, so saving another rule does not invent a limit.
    return { value: value(name, minutes === 0 ? "" : String(shown.value)), unit: units.includes(unit) ? unit : shown.unit, units };
  };
  const checked = (name: keyof PolicyRules, fallback: boolean) => (state.values ? state.values[name] === "on" : fallback);
  const max = duration("maxDurationMinutes", rules.maxDurationMinutes, ["hours", "days"]);
  const bg = duration("breakGlassMaxMinutes", rules.breakGlassMaxMinutes, ["minutes", "hours"]);
  const timeout = duration("pendingTimeoutMinutes", rules.pendingTimeoutMinutes, ["hours", "days"]);

  return (
    <details open={failed || undefined} className="group border-t border-slate-200">
      <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-indigo-700 hover:underline">Edit this policy</summary>
      <form action={formAction} aria-label={`Edit the ${scope} policy`} className="grid gap-4 px-4 pb-4 sm:grid-cols-2">
        <input type="hidden" name="scope" value={scope} />
        <input type="hidden" name="baseVersion" value={String(version)} />
        <FormAlert alert={state.alert} className="sm:col-span-2" />
        <Input
          label="Approvals needed"
          name="approvalsRequired"
          type="number"
          min={1}
          max={5}
          step={1}
          required
          defaultValue={value("approvalsRequired", String(rules.approvalsRequired))}
          error={state.errors.approvalsRequired}
          hint="1 to 5 privacy admins, never the requester."
        />
        <DurationField
          label="Longest grant"
          name="maxDurationMinutes"
          {...max}
          required
          error={state.errors.maxDurationMinutes}
          hint="From 1 hour to 365 days."
        />
        <DurationField
          label="A request times out after"
          name="pendingTimeoutMinutes"
          {...timeout}
          required
          error={state.errors.pendingTimeoutMinutes}
          hint="From 1 hour to 30 days pending."
        />
        <Input
          label="Ticket pattern"
          name="ticketPattern"
          defaultValue={value("ticketPattern", rules.ticketPattern ?? "")}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          error={state.errors.ticketPattern}
          hint="A regular expression a request's ticket must match, e.g. ^PRIV-[0-9]+$. Empty: no ticket asked. No nested repetition such as (a+)+."
        />
        <div className="flex flex-col gap-3">
          <Checkbox
            label="A reason is required"
            name="reasonRequired"
            defaultChecked={checked("reasonRequired", rules.reasonRequired)}
            hint="Requests must say why."
          />
          <Checkbox
            label="Break-glass allowed"
            name="breakGlassAllowed"
            defaultChecked={checked("breakGlassAllowed", rules.breakGlassAllowed)}
            hint="An analyst may switch on an emergency grant alone; privacy admins are alerted and review it afterwards."
          />
        </div>
        <DurationField
          label="Break-glass lasts at most"
          name="breakGlassMaxMinutes"
          {...bg}
          error={state.errors.breakGlassMaxMinutes}
          hint="From 15 minutes to 24 hours, and no longer than the longest grant. Used only when break-glass is allowed."
        />
        <Input
          label="Why this change"
          name="changeReason"
          defaultValue={value("changeReason", "")}
          required
          maxLength={500}
          wrapperClassName="sm:col-span-2"
          error={state.errors.changeReason}
          hint="Recorded with the new version and in the access ledger. No names or contact details."
        />
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" pending={pending}>
            Save as version {version + 1}
          </Button>
        </div>
      </form>
    </details>
  );
}

/** `minutes` in the largest of `units` that expresses it exactly, else in the smallest (possibly with decimals). */
function inUnits(minutes: number, units: readonly DurationUnit[]): { value: number; unit: DurationUnit } {
  const largestFirst = [...units].sort((a, b) => MINUTES[b] - MINUTES[a]);
  const exact = largestFirst.find((u) => minutes % MINUTES[u] === 0);
  const unit = exact ?? largestFirst[largestFirst.length - 1];
  return { value: Number((minutes / MINUTES[unit]).toFixed(3)), unit };
}
