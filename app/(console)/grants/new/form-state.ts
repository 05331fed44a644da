// What the direct-grant form's server action hands back: the values to keep, the errors beside their fields, an alert.
import type { FormAlert } from "@/lib/http/form-failure";

export const GRANT_FORM_FIELDS = ["userEmail", "scope", "duration", "datasets", "reason"] as const;
export type GrantFormField = (typeof GRANT_FORM_FIELDS)[number];

export interface GrantFormState {
  values: { userEmail: string; scope: string; duration: string; durationUnit: string; datasets: string[]; reason: string };
  errors: Partial<Record<GrantFormField, string>>;
  alert: FormAlert | null;
}

export const EMPTY_GRANT_FORM: GrantFormState = {
  values: { userEmail: "", scope: "pii_basic", duration: "1", durationUnit: "days", datasets: [], reason: "" },
  errors: {},
  alert: null,
};
