// What the SLA edit form's server action hands back: errors beside the fields, one alert, and what was typed (React
// resets a form after its action, so the fields come back from here).
import type { FormAlert } from "@/lib/http/form-failure";
import { SLA_EDITABLE_FIELDS } from "@/lib/sla/types";

export interface SlaFormState {
  errors: Record<string, string>;
  alert: FormAlert | null;
  values: Record<string, string> | null;
}

export const EMPTY_SLA_FORM: SlaFormState = { errors: {}, alert: null, values: null };

export const SLA_EDIT_FIELDS = [...SLA_EDITABLE_FIELDS, "changeReason"] as const;
