"use client";
// One button in a table row that runs a server action (withdraw a request, give a grant back). A refusal comes
// back beside the button; success redirects with a notice.
import { useActionState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { EMPTY_ROW_ACTION, type RowActionState } from "./form-state";

export function RowAction({
  action,
  name,
  value,
  label,
  accessibleLabel,
  variant = "secondary",
}: {
  action: (prev: RowActionState, formData: FormData) => Promise<RowActionState>;
  name: string;
  value: string;
  label: string;
  accessibleLabel: string;
  variant?: ButtonVariant;
}) {
  const [state, formAction, pending] = useActionState(action, EMPTY_ROW_ACTION);
  return (
    <form action={formAction} className="flex flex-col items-start gap-1">
      <input type="hidden" name={name} value={value} />
      <Button type="submit" size="sm" variant={variant} pending={pending} aria-label={accessibleLabel}>
        {label}
      </Button>
      {state.error ? (
        <span role="alert">
          <FieldError>{state.error}</FieldError>
        </span>
      ) : null}
    </form>
  );
}
