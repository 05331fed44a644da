// Inline messages. Errors use role="alert" (assertive); info/success/warning use role="status" (polite).
import type { ReactNode } from "react";
import type { FormAlert as FormAlertData } from "@/lib/http/form-failure";
import { cn } from "./cn";

export type AlertVariant = "info" | "success" | "warning" | "error";

const STYLES: Record<AlertVariant, { box: string; icon: string }> = {
  info: { box: "border-indigo-200 bg-indigo-50 text-indigo-900", icon: "text-indigo-600" },
  success: { box: "border-emerald-200 bg-emerald-50 text-emerald-900", icon: "text-emerald-600" },
  warning: { box: "border-amber-200 bg-amber-50 text-amber-900", icon: "text-amber-600" },
  error: { box: "border-red-200 bg-red-50 text-red-900", icon: "text-red-600" },
};

const ICONS: Record<AlertVariant, string> = {
  info: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.75 4h1.5v1.5h-1.5V6Zm0 3h1.5v5h-1.5V9Z",
  success: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm3.8 5.7-4.5 5a.75.75 0 0 1-1.1.02l-2-2.1 1.1-1.04 1.44 1.52 3.95-4.4 1.11 1Z",
  warning: "M10.87 2.5a1 1 0 0 0-1.74 0l-7 12.5A1 1 0 0 0 3 16.5h14a1 1 0 0 0 .87-1.5l-7-12.5ZM9.25 7h1.5v4.5h-1.5V7Zm0 5.75h1.5v1.5h-1.5v-1.5Z",
  error: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16ZM9.25 5.5h1.5v6h-1.5v-6Zm0 7.5h1.5v1.5h-1.5V13Z",
};

export interface AlertProps {
  variant?: AlertVariant;
  title?: string;
  children?: ReactNode;
  className?: string;
}

export function Alert({ variant = "info", title, children, className }: AlertProps) {
  const style = STYLES[variant];
  return (
    <div role={variant === "error" ? "alert" : "status"} className={cn("flex gap-2.5 rounded-md border px-3 py-2.5 text-sm", style.box, className)}>
      <svg aria-hidden="true" viewBox="0 0 20 20" className={cn("mt-0.5 size-4 shrink-0", style.icon)} fill="currentColor">
        <path fillRule="evenodd" clipRule="evenodd" d={ICONS[variant]} />
      </svg>
      <div className="min-w-0">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={cn(title && "mt-0.5", "[&_a]:font-medium [&_a]:underline")}>{children}</div> : null}
      </div>
    </div>
  );
}

/** A server action's one alert (lib/http/form-failure.ts) above or below its form; nothing when there is none. */
export function FormAlert({ alert, className }: { alert: FormAlertData | null; className?: string }) {
  if (!alert) return null;
  return (
    <Alert variant={alert.tone} title={alert.title} className={className}>
      {alert.message}
    </Alert>
  );
}
