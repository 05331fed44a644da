// A labelled text input, in the one field frame (./field): hint and error wired with aria-describedby, aria-invalid.
import type { InputHTMLAttributes, Ref } from "react";
import { controlClassName, Field, type FieldProps } from "./field";

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id">, FieldProps {
  ref?: Ref<HTMLInputElement>;
}

export function Input({ label, hideLabel, hint, error, id, className, wrapperClassName, required, ...rest }: InputProps) {
  const invalid = Boolean(error) || rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return (
    <Field
      {...{ label, hideLabel, hint, error, id, wrapperClassName, required }}
      idPrefix="input"
      describedBy={rest["aria-describedby"]}
      invalid={invalid}
    >
      {(control) => <input {...rest} {...control} className={controlClassName(invalid, `h-9 ${className ?? ""}`.trim())} />}
    </Field>
  );
}
