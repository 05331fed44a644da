"use client";
// The direct-grant form: who, which tier, for how long, on which datasets, and why. POSTs to a server action and
// works before JavaScript has loaded; errors come back beside their fields, refusals as an alert.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SCOPES, TIER_LABELS } from "@/lib/core/tiers";
import { DatasetChoices } from "../dataset-choices";
import { DurationField } from "../duration-field";
import { grantDirectlyAction } from "./actions";
import type { GrantFormState } from "./form-state";

export interface GrantFormChoices {
  users: Array<{ email: string; name: string; role: string }>;
  datasets: Array<{ ref: string; title: string }>;
}

export function GrantForm({ initial, choices }: { initial: GrantFormState; choices: GrantFormChoices }) {
  const [state, formAction, pending] = useActionState(grantDirectlyAction, initial);
  const v = state.values;
  return (
    <form action={formAction} aria-label="Grant access directly" className="flex flex-col gap-5">
      <FormAlert alert={state.alert} />
      <Input
        label="Grant to (email)"
        name="userEmail"
        type="email"
        defaultValue={v.userEmail}
        list="grantee-emails"
        required
        autoComplete="off"
        maxLength={254}
        error={state.errors.userEmail}
        hint="An active console user other than you."
      />
      <datalist id="grantee-emails">
        {choices.users.map((u) => (
          <option key={u.email} value={u.email}>
            {`${u.name} (${u.role.replace("_", " ")})`}
          </option>
        ))}
      </datalist>
      <Select
        label="Tier"
        name="scope"
        defaultValue={v.scope}
        required
        error={state.errors.scope}
        options={SCOPES.map((s) => ({ value: s, label: `${TIER_LABELS[s]} (${s})` }))}
      />
      <DurationField
        label="For"
        name="duration"
        value={v.duration}
        unit={v.durationUnit === "hours" ? "hours" : "days"}
        units={["hours", "days"]}
        required
        error={state.errors.duration}
        hint="The grant starts now and ends on its own. The tier's policy sets the longest it may last (see the limits)."
      />
      <DatasetChoices
        legend="Datasets"
        error={state.errors.datasets}
        hint="Limit the grant to some datasets; leave all unticked to grant the tier on every dataset."
        datasets={choices.datasets}
        checked={v.datasets}
      />
      <Input
        label="Reason"
        name="reason"
        defaultValue={v.reason}
        required
        maxLength={500}
        error={state.errors.reason}
        hint="Recorded in the access ledger and shown to the grantee. A ticket or case reference, never names or contact details."
      />
      <div>
        <Button type="submit" variant="primary" pending={pending}>
          Grant access
        </Button>
      </div>
    </form>
  );
}
