"use client";
// Edit one dataset's retention policy: days, the date column they count from, longer periods per state, the legal
// basis, and why it changes. Saving makes the next version current; errors come back beside their fields.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { updateRetentionPolicyAction } from "./actions";
import { EMPTY_RETENTION_FORM } from "./form-state";

export interface RetentionPolicyFormProps {
  dataset: string;
  /** 0 when the dataset has no policy yet. */
  version: number;
  dateColumns: string[];
  current: { days: number; dateColumn: string; stateOverrides: string; legalBasis: string } | null;
}

export function RetentionPolicyForm({ dataset, version, dateColumns, current }: RetentionPolicyFormProps) {
  const [state, formAction, pending] = useActionState(updateRetentionPolicyAction, EMPTY_RETENTION_FORM);
  const failed = state.alert !== null || Object.keys(state.errors).length > 0;
  // After a failed save the person's own entries come back; otherwise the policy in force.
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback;

  return (
    <details open={failed || undefined} className="border-t border-slate-200">
      <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-indigo-700 hover:underline">
        {current ? "Edit this policy" : "Set a policy"}
      </summary>
      <form action={formAction} aria-label={`Edit the retention policy of ${dataset}`} className="grid gap-4 px-4 pb-4 sm:grid-cols-2">
        <input type="hidden" name="dataset" value={dataset} />
        <input type="hidden" name="baseVersion" value={String(version)} />
        <FormAlert alert={state.alert} className="sm:col-span-2" />
        <Input
          label="Keep records for (days)"
          name="days"
          type="number"
          step={1}
          required
          defaultValue={value("days", current ? String(current.days) : "")}
          error={state.errors.days}
          hint="1 to 36500 days. 7 years is 2557 days."
        />
        <Select
          label="Counted from"
          name="dateColumn"
          defaultValue={value("dateColumn", current?.dateColumn ?? dateColumns[0] ?? "")}
          options={dateColumns.map((c) => ({ value: c, label: c }))}
          error={state.errors.dateColumn}
          hint="The dataset's date column: when each record came to be."
          required
        />
        <Input
          label="Longer in these states"
          name="stateOverrides"
          defaultValue={value("stateOverrides", current?.stateOverrides ?? "")}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          wrapperClassName="sm:col-span-2"
          error={state.errors.stateOverrides}
          hint="State=days pairs, e.g. IL=3653, NY=2922. Each must be longer than the days above: the longest applicable retention wins. Empty: none."
        />
        <Textarea
          label="Legal basis"
          name="legalBasis"
          rows={3}
          required
          maxLength={2000}
          defaultValue={value("legalBasis", current?.legalBasis ?? "")}
          wrapperClassName="sm:col-span-2"
          error={state.errors.legalBasis}
          hint="The law or obligation that sets this period, in words an auditor can check."
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
