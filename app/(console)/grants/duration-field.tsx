// A length of time as the grants and policies forms ask for it: a number and its unit, in the console's field frame.
import type { ReactNode } from "react";
import { Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

const UNIT_LABELS = { minutes: "minutes", hours: "hours", days: "days" } as const;

/** A length of time: `name` carries the number, `${name}Unit` its unit (minutes, hours or days). */
export function DurationField({
  label,
  name,
  value,
  unit,
  units,
  hint,
  error,
  required,
}: {
  label: string;
  name: string;
  value: string;
  unit: keyof typeof UNIT_LABELS;
  units: ReadonlyArray<keyof typeof UNIT_LABELS>;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}) {
  return (
    <Fieldset legend={label} hint={hint} error={error} required={required}>
      <div className="flex gap-2">
        <Input
          label={`${label} (number)`}
          hideLabel
          type="number"
          name={name}
          defaultValue={value}
          min="0"
          step="any"
          required={required}
          aria-invalid={error ? true : undefined}
          wrapperClassName="w-28"
        />
        <Select
          label={`${label} (unit)`}
          hideLabel
          name={`${name}Unit`}
          defaultValue={unit}
          options={units.map((u) => ({ value: u, label: UNIT_LABELS[u] }))}
          wrapperClassName="w-32"
        />
      </div>
    </Fieldset>
  );
}
