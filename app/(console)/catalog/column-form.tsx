"use client";
// Change one column of a dataset: pick the column, its tier and masking rule, and say why. Choosing a column fills
// in what it has now; the server refuses an edit based on a classification that changed meanwhile (409).
import { useActionState, useState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";
import { PRIVACY_TIERS, TIER_LABELS } from "@/lib/core/tiers";
import { updateCatalogColumnAction } from "./actions";
import { EMPTY_CATALOG_FORM } from "./form-state";

export interface ColumnFormProps {
  dataset: string;
  columns: Array<{ name: string; label: string; tier: string; maskRule: string }>;
  /** Every masking rule with its label (from lib/masking on the server: this module must not bundle it). */
  rules: SelectOption[];
}

const TIER_OPTIONS = PRIVACY_TIERS.map((t) => ({ value: t, label: `${t} · ${TIER_LABELS[t]}` }));

export function ColumnForm({ dataset, columns, rules }: ColumnFormProps) {
  const [state, formAction, pending] = useActionState(updateCatalogColumnAction, EMPTY_CATALOG_FORM);
  const failed = state.alert !== null || Object.keys(state.errors).length > 0;
  const [column, setColumn] = useState(state.values?.column ?? columns[0]?.name ?? "");
  const current = columns.find((c) => c.name === column) ?? columns[0];
  const [tier, setTier] = useState(state.values?.tier ?? current?.tier ?? "none");
  const [maskRule, setMaskRule] = useState(state.values?.maskRule ?? current?.maskRule ?? "none");

  return (
    <details open={failed || undefined} className="border-t border-slate-200">
      <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-indigo-700 hover:underline">Change a column</summary>
      <form action={formAction} aria-label={`Change a column of ${dataset}`} className="grid gap-4 px-4 pb-4 sm:grid-cols-3">
        <input type="hidden" name="dataset" value={dataset} />
        <input type="hidden" name="baseTier" value={current?.tier ?? ""} />
        <input type="hidden" name="baseMaskRule" value={current?.maskRule ?? ""} />
        <FormAlert alert={state.alert} className="sm:col-span-3" />
        <Select
          label="Column"
          name="column"
          value={column}
          onChange={(e) => {
            const next = columns.find((c) => c.name === e.target.value);
            setColumn(e.target.value);
            if (next) {
              setTier(next.tier);
              setMaskRule(next.maskRule);
            }
          }}
          options={columns.map((c) => ({ value: c.name, label: `${c.name} (${c.label})` }))}
          error={state.errors.column}
          required
        />
        <Select
          label="Tier"
          name="tier"
          value={tier}
          onChange={(e) => setTier(e.target.value)}
          options={TIER_OPTIONS}
          error={state.errors.tier}
          hint="none only for columns without personal data."
          required
        />
        <Select
          label="Masking rule"
          name="maskRule"
          value={maskRule}
          onChange={(e) => setMaskRule(e.target.value)}
          options={rules}
          error={state.errors.maskRule}
          hint="Applied when the reader lacks the tier's grant. Restricted tiers need a rule other than none."
          required
        />
        <Input
          label="Why this change"
          name="reason"
          defaultValue={state.values?.reason ?? ""}
          required
          maxLength={500}
          wrapperClassName="sm:col-span-3"
          error={state.errors.reason}
          hint="Recorded in the access ledger. No names or contact details."
        />
        <div className="sm:col-span-3">
          <Button type="submit" variant="primary" pending={pending}>
            Save the change
          </Button>
        </div>
      </form>
    </details>
  );
}
