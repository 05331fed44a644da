// A labelled multi-line text, in the one field frame (./field).
import type { Ref, TextareaHTMLAttributes } from "react";
import { controlClassName, Field, type FieldProps } from "./field";

export interface TextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">, FieldProps {
  ref?: Ref<HTMLTextAreaElement>;
}

export function Textarea({ label, hideLabel, hint, error, id, className, wrapperClassName, required, rows = 3, ...rest }: TextareaProps) {
  const invalid = Boolean(error) || rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return (
    <Field
      {...{ label, hideLabel, hint, error, id, wrapperClassName, required }}
      idPrefix="textarea"
      describedBy={rest["aria-describedby"]}
      invalid={invalid}
    >
      {(control) => <textarea rows={rows} {...rest} {...control} className={controlClassName(invalid, `py-2 ${className ?? ""}`.trim())} />}
    </Field>
  );
}
