// Form fields the request and decision forms need beside components/ui/input: a select and a multi-line text,
// labelled, with hint and error wired to the control (aria-describedby, aria-invalid) the same way Input does.
import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

interface FieldFrame {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  hideLabel?: boolean;
  wrapperClassName?: string;
}

const CONTROL =
  "block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-500 focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-100";

function useFieldIds(hint?: string, error?: string) {
  const id = `field-${useId()}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

function Frame({ f, id, hintId, errorId, children }: { f: FieldFrame; id: string; hintId?: string; errorId?: string; children: ReactNode }) {
  return (
    <div className={cn("flex flex-col gap-1.5", f.wrapperClassName)}>
      <label htmlFor={id} className={cn("text-sm font-medium text-slate-800", f.hideLabel && "sr-only")}>
        {f.label}
        {f.required ? (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        ) : null}
      </label>
      {children}
      {f.hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {f.hint}
        </p>
      ) : null}
      {f.error ? <FieldError id={errorId}>{f.error}</FieldError> : null}
    </div>
  );
}

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

export function SelectField({
  label,
  hint,
  error,
  required,
  hideLabel,
  wrapperClassName,
  className,
  children,
  ...rest
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  const ids = useFieldIds(hint, error);
  return (
    <Frame f={{ label, hint, error, required, hideLabel, wrapperClassName }} {...ids}>
      <select
        {...rest}
        id={ids.id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={cn(CONTROL, "h-9 pr-8", error ? "border-red-600" : "border-slate-300", className)}
      >
        {children}
      </select>
    </Frame>
  );
}

export function TextareaField({
  label,
  hint,
  error,
  required,
  hideLabel,
  wrapperClassName,
  className,
  ...rest
}: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">) {
  const ids = useFieldIds(hint, error);
  return (
    <Frame f={{ label, hint, error, required, hideLabel, wrapperClassName }} {...ids}>
      <textarea
        rows={3}
        {...rest}
        id={ids.id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={cn(CONTROL, "py-2", error ? "border-red-600" : "border-slate-300", className)}
      />
    </Frame>
  );
}
