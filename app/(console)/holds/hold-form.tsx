"use client";
// A hold's name and targets, as many as needed and of any kinds in one form: people (usr_…), booking groups (lbg_…),
// whole datasets, date ranges on a dataset. New holds start as drafts; a draft's targets can be changed here too.
// The server checks every target against the warehouse and names the row it refuses.
import { useActionState, useState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { HOLD_TARGET_KINDS, HOLD_TARGET_LABELS, type HoldTargetKind } from "@/lib/holds/types";
import { saveHoldAction } from "./actions";
import { EMPTY_HOLDS_FORM, type TargetRow } from "./form-state";

const KIND_OPTIONS = HOLD_TARGET_KINDS.map((k) => ({ value: k, label: HOLD_TARGET_LABELS[k] }));
const PLACEHOLDERS: Partial<Record<HoldTargetKind, string>> = { subject: "usr_…", booking_group: "lbg_…" };

export function HoldForm({
  matterId,
  datasets,
  hold,
}: {
  matterId: string;
  datasets: string[];
  hold?: { id: string; name: string; targets: TargetRow[] };
}) {
  const [state, formAction, pending] = useActionState(saveHoldAction, EMPTY_HOLDS_FORM);
  const [name, setName] = useState(hold?.name ?? "");
  const [rows, setRows] = useState<Array<TargetRow & { key: number }>>(() =>
    (hold?.targets.length ? hold.targets : [{ kind: "subject" as const, value: "", fromDay: "", toDay: "" }]).map((t, i) => ({ ...t, key: i })),
  );
  const [nextKey, setNextKey] = useState(rows.length);
  const update = (key: number, patch: Partial<TargetRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const datasetOptions = datasets.map((d) => ({ value: d, label: d }));
  const label = hold ? `Change the targets of ${hold.name}` : "Place a hold";

  return (
    <form action={formAction} className="flex flex-col gap-4" aria-label={label}>
      <FormAlert alert={state.alert} />
      <input type="hidden" name="matterId" value={matterId} />
      {hold ? <input type="hidden" name="holdId" value={hold.id} /> : null}
      {hold ? null : (
        <Input
          label="Hold name"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={200}
          error={state.errors.name}
        />
      )}
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium text-slate-900">Targets</legend>
        {state.errors.targets ? (
          <p className="text-sm text-red-700" role="alert">
            {state.errors.targets}
          </p>
        ) : null}
        {rows.map((row, i) => {
          const err = (k: string) => state.errors[`targets.${i}.${k}`];
          const onDataset = row.kind === "dataset" || row.kind === "date_range";
          return (
            <div
              key={row.key}
              className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[12rem_minmax(0,1fr)_auto]"
              data-target-row={i}
            >
              <Select
                label={`Target ${i + 1} kind`}
                name="targetKind"
                value={row.kind}
                onChange={(e) => {
                  const kind = e.target.value as HoldTargetKind;
                  const toDataset = kind === "dataset" || kind === "date_range";
                  update(row.key, { kind, value: toDataset === onDataset ? row.value : toDataset ? (datasets[0] ?? "") : "" });
                }}
                options={KIND_OPTIONS}
                error={err("kind")}
              />
              <div className="grid gap-3 sm:grid-cols-3">
                {onDataset ? (
                  <Select
                    label={`Target ${i + 1} dataset`}
                    name="targetValue"
                    value={row.value}
                    onChange={(e) => update(row.key, { value: e.target.value })}
                    options={datasetOptions}
                    error={err("value")}
                    wrapperClassName={row.kind === "dataset" ? "sm:col-span-3" : undefined}
                  />
                ) : (
                  <Input
                    label={`Target ${i + 1} id`}
                    name="targetValue"
                    value={row.value}
                    placeholder={PLACEHOLDERS[row.kind]}
                    onChange={(e) => update(row.key, { value: e.target.value })}
                    error={err("value")}
                    maxLength={100}
                    className="font-mono"
                    wrapperClassName="sm:col-span-3"
                  />
                )}
                {row.kind === "date_range" ? (
                  <>
                    <Input
                      label={`Target ${i + 1} from`}
                      type="date"
                      name="targetFrom"
                      value={row.fromDay}
                      onChange={(e) => update(row.key, { fromDay: e.target.value })}
                      error={err("fromDay")}
                    />
                    <Input
                      label={`Target ${i + 1} to`}
                      type="date"
                      name="targetTo"
                      value={row.toDay}
                      onChange={(e) => update(row.key, { toDay: e.target.value })}
                      error={err("toDay")}
                    />
                  </>
                ) : (
                  <>
                    <input type="hidden" name="targetFrom" value="" />
                    <input type="hidden" name="targetTo" value="" />
                  </>
                )}
              </div>
              <div className="flex items-end">
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
                  aria-label={`Remove target ${i + 1}`}
                >
                  Remove
                </Button>
              </div>
            </div>
          );
        })}
        <div>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey, kind: "subject", value: "", fromDay: "", toDay: "" }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add a target
          </Button>
        </div>
      </fieldset>
      <div>
        <Button type="submit" variant="primary" pending={pending}>
          {hold ? "Save the targets" : "Create the hold (draft)"}
        </Button>
      </div>
    </form>
  );
}
