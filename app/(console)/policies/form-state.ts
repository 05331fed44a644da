// What a policy form's server action hands back: the values to keep, the errors beside their fields, an alert.
import type { FormAlert } from "@/lib/http/form-failure";

export const POLICY_FORM_FIELDS = [
  "approvalsRequired",
  "maxDurationMinutes",
  "reasonRequired",
  "ticketPattern",
  "breakGlassAllowed",
  "breakGlassMaxMinutes",
  "pendingTimeoutMinutes",
  "changeReason",
] as const;

export interface PolicyFormState {
  /** The form's raw values (numbers in their chosen unit), by input name; null until a failed submit. */
  values: Record<string, string> | null;
  errors: Partial<Record<(typeof POLICY_FORM_FIELDS)[number], string>>;
  alert: FormAlert | null;
}

export const EMPTY_POLICY_FORM: PolicyFormState = { values: null, errors: {}, alert: null };
