// The one labelled-field pattern every form control uses: a label (or a fieldset's legend for a group), the control,
// a hint and an error below it. Hint and error are wired to the control with aria-describedby; an error sets
// aria-invalid. Input, Select and Textarea are this frame around their element.
import { useId, type ReactNode } from "react";
import { cn } from "./cn";

export interface FieldProps {
  label: string;
  /** Hide the label visually (it stays for screen readers), e.g. in a compact filter bar. */
  hideLabel?: boolean;
  hint?: ReactNode;
  /** A field error (e.g. from zod); shown below the control and announced with the field. */
  error?: string;
  required?: boolean;
  id?: string;
  /** Classes for the wrapper; `className` goes to the control. */
  wrapperClassName?: string;
}

/** What the frame hands its control: spread it onto the element. */
export interface ControlProps {
  id: string;
  required?: boolean;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** The classes every text-like control shares; `invalid` turns the border red. */
export function controlClassName(invalid: boolean, className?: string): string {
  return cn(
    "block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-500",
    "focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600",
    "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500",
    invalid ? "border-red-600 focus:outline-red-600" : "border-slate-300",
    className,
  );
}

function useDescribedIds(id: string | undefined, prefix: string, hint: ReactNode, error: string | undefined, extra?: string) {
  const autoId = useId();
  const controlId = id ?? `${prefix}-${autoId}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return { controlId, hintId, errorId, describedBy: [extra, hintId, errorId].filter(Boolean).join(" ") || undefined };
}

function RequiredMark() {
  return (
    <span aria-hidden="true" className="ml-0.5 text-red-700">
      *
    </span>
  );
}

function FieldHint({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-xs text-slate-600">
      {children}
    </p>
  );
}

/** An error line with its icon; inside a field it is wired by id, alone (e.g. beside a row's button) it needs none. */
export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="flex items-start gap-1 text-xs font-medium text-red-700">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0" fill="currentColor">
        <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM7.25 4.5h1.5v4.5h-1.5V4.5Zm0 5.75h1.5v1.5h-1.5v-1.5Z" />
      </svg>
      <span>{children}</span>
    </p>
  );
}

/**
 * The frame of one control: `children` renders the control with the props it is given. `describedBy` and `invalid`
 * carry what the caller set on the control itself, so they are kept rather than overwritten.
 */
export function Field({
  label,
  hideLabel,
  hint,
  error,
  required,
  id,
  wrapperClassName,
  idPrefix = "field",
  describedBy,
  invalid,
  children,
}: FieldProps & { idPrefix?: string; describedBy?: string; invalid?: boolean; children: (control: ControlProps) => ReactNode }) {
  const ids = useDescribedIds(id, idPrefix, hint, error, describedBy);
  return (
    <div className={cn("flex flex-col gap-1.5", wrapperClassName)}>
      <label htmlFor={ids.controlId} className={cn("text-sm font-medium text-slate-800", hideLabel && "sr-only")}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      {children({
        id: ids.controlId,
        required,
        "aria-invalid": error || invalid ? true : undefined,
        "aria-describedby": ids.describedBy,
      })}
      {hint ? <FieldHint id={ids.hintId}>{hint}</FieldHint> : null}
      {error ? <FieldError id={ids.errorId}>{error}</FieldError> : null}
    </div>
  );
}

/** A group of controls under one legend (radio cards, checkboxes, a number and its unit), with hint and error. */
export function Fieldset({
  legend,
  hint,
  error,
  required,
  className,
  children,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const ids = useDescribedIds(undefined, "fieldset", hint, error);
  return (
    <fieldset className={cn("flex flex-col gap-1.5", className)} aria-describedby={ids.describedBy}>
      {/* A legend is no flex item: its gap is its own margin. */}
      <legend className="mb-1.5 text-sm font-medium text-slate-800">
        {legend}
        {required ? <RequiredMark /> : null}
      </legend>
      {children}
      {hint ? <FieldHint id={ids.hintId}>{hint}</FieldHint> : null}
      {error ? <FieldError id={ids.errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}
