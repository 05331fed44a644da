"use client";
// Asking for a tier: the selected tier's rules are repeated beside the form, so nobody has to guess what the server
// will ask. The server checks everything again against the policy in force. Works before the page's script loads.
import { useActionState, useState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { SCOPES, TIER_LABELS } from "@/lib/core/tiers";
import { DatasetChoices } from "../grants/dataset-choices";
import { requestAccessAction } from "./actions";
import type { PolicyView } from "./access-tables";
import { EMPTY_REQUEST } from "./form-state";

export function RequestForm({ policies, datasets }: { policies: PolicyView[]; datasets: Array<{ ref: string; title: string }> }) {
  const [state, formAction, pending] = useActionState(requestAccessAction, EMPTY_REQUEST);
  // The two selects are controlled: React resets a form after its action, and an uncontrolled <select> would fall
  // back to its first option instead of what was sent. After a refusal the state holds what was sent anyway.
  const [scope, setScope] = useState(state.values.scope);
  const [unit, setUnit] = useState(state.values.durationUnit);
  const policy = policies.find((p) => p.scope === scope);
  const { values, errors } = state;

  return (
    <form action={formAction} className="flex flex-col gap-4" aria-label="Ask for access">
      <FormAlert alert={state.alert} />
      <div className="grid gap-4 md:grid-cols-2">
        <Select
          label="Tier"
          name="scope"
          required
          value={scope}
          error={errors.scope}
          onChange={(e) => setScope(e.target.value)}
          hint={policy ? rulesLine(policy) : "Each tier's rules are in the table above."}
          options={[{ value: "", label: "Choose a tier", disabled: true }, ...SCOPES.map((s) => ({ value: s, label: `${TIER_LABELS[s]} (${s})` }))]}
        />
        <Fieldset
          legend="For how long"
          required
          error={errors.duration}
          hint={`${policy ? `At most ${policy.maxDurationText}. ` : ""}The time starts when the grant becomes active, not now.`}
        >
          <div className="flex gap-2">
            <Input
              label="Amount"
              hideLabel
              name="durationValue"
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
              defaultValue={values.durationValue}
              wrapperClassName="w-28"
            />
            <Select
              label="Unit"
              hideLabel
              name="durationUnit"
              value={unit}
              onChange={(e) => setUnit(e.target.value === "hours" ? "hours" : "days")}
              wrapperClassName="w-32"
              options={[
                { value: "hours", label: "hours" },
                { value: "days", label: "days" },
              ]}
            />
          </div>
        </Fieldset>
      </div>
      <Textarea
        label="Reason"
        name="reason"
        required={policy?.reasonRequired ?? true}
        maxLength={500}
        defaultValue={values.reason}
        error={errors.reason}
        placeholder="e.g. Year-end 1099 reconciliation for the payouts team"
        hint="Shown to the approvers and recorded in the access ledger. No names, emails or numbers about a person."
      />
      <Input
        label="Ticket"
        name="ticket"
        maxLength={64}
        required={!!policy?.ticketPattern}
        defaultValue={values.ticket}
        error={errors.ticket}
        placeholder="e.g. PRIV-1234"
        autoComplete="off"
        hint={
          policy?.ticketPattern
            ? `Required for this tier: it must match ${policy.ticketPattern}.`
            : "Asked only where the tier's policy sets a ticket pattern."
        }
      />
      <DatasetChoices
        legend="Limit to datasets (optional)"
        error={errors.datasets}
        hint="Leave all unticked for every dataset. A limited grant opens the tier in the ticked datasets only."
        datasets={datasets}
        checked={values.datasets}
      />
      <Button type="submit" variant="primary" pending={pending} className="self-start">
        Send request
      </Button>
    </form>
  );
}

function rulesLine(p: PolicyView): string {
  const parts = [
    `${p.approvalsRequired} approval${p.approvalsRequired === 1 ? "" : "s"}`,
    `at most ${p.maxDurationText}`,
    p.reasonRequired ? "reason required" : "reason optional",
    p.ticketPattern ? `ticket ${p.ticketPattern}` : "no ticket",
  ];
  return `Policy v${p.version}: ${parts.join(" · ")}.`;
}
