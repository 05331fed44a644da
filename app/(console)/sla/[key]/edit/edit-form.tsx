"use client";
// The SLA edit form: every field of a new version in human units (a target in percent; thresholds in minutes, HH:MM,
// dollars, ms, hours or percent as the SLA's unit says), with the reason for the change required.
import { useActionState } from "react";
import { BUDGETING_LABELS, BUDGETING_METHODS, type ThresholdUnit } from "@/lib/sla/types";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { HUMAN_UNITS } from "@/components/sla/units";
import { editSlaAction } from "../../actions";
import { EMPTY_SLA_FORM, type SLA_EDIT_FIELDS } from "../../form-state";

type Values = Record<(typeof SLA_EDIT_FIELDS)[number], string>;

export function SlaEditForm({
  slaKey,
  baseVersion,
  unit,
  users,
  zones,
  initial,
}: {
  slaKey: string;
  /** The version the form was filled from. */
  baseVersion: number;
  unit: ThresholdUnit;
  users: Array<{ id: string; label: string }>;
  /** IANA zones the server knows, as suggestions (passed down so server and browser render the same list). */
  zones: string[];
  initial: Values;
}) {
  const [state, formAction, pending] = useActionState(editSlaAction, EMPTY_SLA_FORM);
  const v = (state.values ?? initial) as Values;
  const e = state.errors;
  const human = HUMAN_UNITS[unit];
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-2" aria-label="New version of the SLA">
      <FormAlert alert={state.alert} className="sm:col-span-2" />
      <input type="hidden" name="key" value={slaKey} />
      <input type="hidden" name="baseVersion" value={baseVersion} />
      <Input label="Name" name="name" defaultValue={v.name} required maxLength={200} error={e.name} />
      <Select
        label="Budgeting method"
        name="budgeting"
        defaultValue={v.budgeting}
        required
        options={BUDGETING_METHODS.map((m) => ({ value: m, label: BUDGETING_LABELS[m] }))}
        error={e.budgeting}
      />
      <Textarea
        label="Description"
        name="description"
        defaultValue={v.description}
        maxLength={4000}
        rows={3}
        wrapperClassName="sm:col-span-2"
        error={e.description}
      />
      <Input
        label="Target (%)"
        name="target"
        defaultValue={v.target}
        required
        inputMode="decimal"
        autoComplete="off"
        error={e.target}
        hint="Share of good events, slices or days promised, e.g. 99.9. Invariants use 100."
      />
      <Input
        label="Window (days)"
        name="windowDays"
        defaultValue={v.windowDays}
        required
        inputMode="numeric"
        autoComplete="off"
        error={e.windowDays}
        hint="The rolling window attainment and the error budget cover."
      />
      <Input
        label={`Threshold (${human.label})`}
        name="threshold"
        defaultValue={v.threshold}
        inputMode={unit === "local_time" ? "text" : "decimal"}
        autoComplete="off"
        error={e.threshold}
        hint={`${human.hint} Empty where the SLI needs none.`}
      />
      <Input
        label={`Warn threshold (${human.label})`}
        name="warnThreshold"
        defaultValue={v.warnThreshold}
        inputMode={unit === "local_time" ? "text" : "decimal"}
        autoComplete="off"
        error={e.warnThreshold}
        hint="Optional, dbt-style: past it the SLA is at risk before it breaches."
      />
      <Input
        label="Time zone"
        name="timeZone"
        defaultValue={v.timeZone}
        required
        list="sla-time-zones"
        autoComplete="off"
        error={e.timeZone}
        hint="IANA name, e.g. America/New_York; days and local deadlines are judged in it (DST included)."
      />
      <datalist id="sla-time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Input label="Owning team" name="ownerTeam" defaultValue={v.ownerTeam} required maxLength={100} error={e.ownerTeam} />
      <Select
        label="Owner"
        name="ownerId"
        defaultValue={v.ownerId}
        options={[{ value: "", label: "No one person (the team)" }, ...users.map((u) => ({ value: u.id, label: u.label }))]}
        error={e.ownerId}
        hint="Who answers for this promise."
      />
      <Textarea
        label="Reason for the change"
        name="changeReason"
        defaultValue={v.changeReason}
        required
        maxLength={1000}
        rows={2}
        wrapperClassName="sm:col-span-2"
        error={e.changeReason}
        hint="Kept with the version and in the ledger, e.g. the agreement or ticket behind it."
      />
      <div className="flex items-end sm:col-span-2">
        <Button type="submit" variant="primary" pending={pending}>
          Save as a new version
        </Button>
      </div>
    </form>
  );
}
