// A labelled native <select>, in the one field frame (./field). The options are data, so every select reads alike.
import type { Ref, SelectHTMLAttributes } from "react";
import { controlClassName, Field, type FieldProps } from "./field";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "children">, FieldProps {
  options: readonly SelectOption[];
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ label, hideLabel, hint, error, id, className, wrapperClassName, required, options, ...rest }: SelectProps) {
  const invalid = Boolean(error) || rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return (
    <Field
      {...{ label, hideLabel, hint, error, id, wrapperClassName, required }}
      idPrefix="select"
      describedBy={rest["aria-describedby"]}
      invalid={invalid}
    >
      {(control) => (
        <select {...rest} {...control} className={controlClassName(invalid, `h-9 pr-8 ${className ?? ""}`.trim())}>
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
