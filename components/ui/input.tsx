// A labelled text input. Hint and error are wired to the input with aria-describedby; an error sets aria-invalid.
import { useId, type InputHTMLAttributes, type Ref } from "react";
import { cn } from "./cn";

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  /** Hide the label visually (it stays for screen readers), e.g. in a compact filter bar. */
  hideLabel?: boolean;
  hint?: string;
  /** A field error (e.g. from zod); shown below the input and announced with the field. */
  error?: string;
  id?: string;
  /** Classes for the wrapper; `className` goes to the <input>. */
  wrapperClassName?: string;
  ref?: Ref<HTMLInputElement>;
}

export function Input({ label, hideLabel, hint, error, id, className, wrapperClassName, required, ...rest }: InputProps) {
  const autoId = useId();
  const inputId = id ?? `input-${autoId}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [rest["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("flex flex-col gap-1.5", wrapperClassName)}>
      <label htmlFor={inputId} className={cn("text-sm font-medium text-slate-800", hideLabel && "sr-only")}>
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        ) : null}
      </label>
      <input
        {...rest}
        id={inputId}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          "block h-9 w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-500",
          "focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600",
          "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500",
          error ? "border-red-600 focus:outline-red-600" : "border-slate-300",
          className,
        )}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="flex items-start gap-1 text-xs font-medium text-red-700">
          <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0" fill="currentColor">
            <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM7.25 4.5h1.5v4.5h-1.5V4.5Zm0 5.75h1.5v1.5h-1.5v-1.5Z" />
          </svg>
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
