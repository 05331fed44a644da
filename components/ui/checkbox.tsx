// A checkbox with its label beside it and an optional hint below the label, wired with aria-describedby.
import { useId, type InputHTMLAttributes, type ReactNode } from "react";

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id" | "className" | "children"> {
  label: string;
  hint?: ReactNode;
}

export function Checkbox({ label, hint, value = "on", ...rest }: CheckboxProps) {
  const id = `check-${useId()}`;
  return (
    <div className="flex items-start gap-2">
      <input
        {...rest}
        id={id}
        type="checkbox"
        value={value}
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
