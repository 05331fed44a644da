// What the My access forms' server actions hand back: values to keep, errors beside their fields, or one alert.
import type { FormAlert } from "@/lib/http/form-failure";

export interface RequestFormValues {
  scope: string;
  durationValue: string;
  durationUnit: "hours" | "days";
  reason: string;
  ticket: string;
  datasets: string[];
}

export interface RequestFormState {
  values: RequestFormValues;
  errors: { scope?: string; duration?: string; reason?: string; ticket?: string; datasets?: string };
  alert: FormAlert | null;
}

export const EMPTY_REQUEST: RequestFormState = {
  values: { scope: "", durationValue: "7", durationUnit: "days", reason: "", ticket: "", datasets: [] },
  errors: {},
  alert: null,
};

/** A one-button form in a table row (cancel a request, give a grant back): only an error can come back. */
export interface RowActionState {
  error: string | null;
}

export const EMPTY_ROW_ACTION: RowActionState = { error: null };
