// Form controls the grants and policies forms share, styled like components/ui/input: a labelled select, a checkbox
// with a hint, and a duration (a number and its unit). Errors are wired with aria-describedby like Input's.
import { useId, type ReactNode, type SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

const CONTROL =
  "block h-9 w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-xs focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600";

function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="flex items-start gap-1 text-xs font-medium text-red-700">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0" fill="currentColor">
        <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM7.25 4.5h1.5v4.5h-1.5V4.5Zm0 5.75h1.5v1.5h-1.5v-1.5Z" />
      </svg>
      <span>{error}</span>
    </p>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "children"> {
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  hint?: ReactNode;
  error?: string;
  wrapperClassName?: string;
}

export function SelectField({ label, options, hint, error, wrapperClassName, className, required, ...rest }: SelectFieldProps) {
  const id = `select-${useId()}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1.5", wrapperClassName)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        ) : null}
      </label>
      <select
        {...rest}
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(CONTROL, error ? "border-red-600" : "border-slate-300", className)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

export function CheckboxField({
  label,
  name,
  defaultChecked,
  hint,
  value = "on",
}: {
  label: string;
  name: string;
  defaultChecked?: boolean;
  hint?: ReactNode;
  value?: string;
}) {
  const id = `check-${useId()}`;
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:outline-2 focus:outline-offset-2 focus:outline-indigo-600"
      />
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

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
  const id = `duration-${useId()}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="flex flex-col gap-1.5" aria-describedby={describedBy}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        ) : null}
      </legend>
      <div className="flex gap-2">
        <input
          type="number"
          name={name}
          defaultValue={value}
          min="0"
          step="any"
          required={required}
          aria-label={`${label} (number)`}
          aria-invalid={error ? true : undefined}
          className={cn(CONTROL, "w-28", error ? "border-red-600" : "border-slate-300")}
        />
        <select name={`${name}Unit`} defaultValue={unit} aria-label={`${label} (unit)`} className={cn(CONTROL, "w-32 border-slate-300")}>
          {units.map((u) => (
            <option key={u} value={u}>
              {UNIT_LABELS[u]}
            </option>
          ))}
        </select>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}
