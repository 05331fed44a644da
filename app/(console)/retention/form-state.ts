// What the retention policy form's server action hands back: the values to keep, the errors beside their fields, an alert.
import type { FormAlert } from "@/lib/http/form-failure";

export const RETENTION_FORM_FIELDS = ["days", "dateColumn", "legalBasis", "stateOverrides", "changeReason"] as const;

export interface RetentionFormState {
  /** The form's raw values, by input name; null until a failed submit. */
  values: Record<string, string> | null;
  errors: Partial<Record<(typeof RETENTION_FORM_FIELDS)[number], string>>;
  alert: FormAlert | null;
}

export const EMPTY_RETENTION_FORM: RetentionFormState = { values: null, errors: {}, alert: null };
