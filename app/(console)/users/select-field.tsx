// A labelled native <select> styled like the console's inputs (components/ui has no select yet).
import { useId, type SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  label: string;
  hideLabel?: boolean;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: string;
  wrapperClassName?: string;
}

export function SelectField({ label, hideLabel, options, error, wrapperClassName, className, ...rest }: SelectFieldProps) {
  const id = `select-${useId()}`;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={cn("flex flex-col gap-1.5", wrapperClassName)}>
      <label htmlFor={id} className={cn("text-sm font-medium text-slate-800", hideLabel && "sr-only")}>
        {label}
      </label>
      <select
        {...rest}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
        className={cn(
          "block h-9 w-full rounded-md border bg-white px-2.5 text-sm text-slate-900 shadow-xs",
          "focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600",
          error ? "border-red-600" : "border-slate-300",
          className,
        )}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
