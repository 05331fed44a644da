// What the break-glass form's server action hands back (values to keep, errors to show).
import type { FormAlert } from "@/lib/http/form-failure";

export interface BreakGlassFormState {
  scope: string;
  durationMinutes: string;
  reason: string;
  errors: { scope?: string; durationMinutes?: string; reason?: string };
  alert: FormAlert | null;
}

export const BREAK_GLASS_FIELDS = ["scope", "durationMinutes", "reason"] as const;
