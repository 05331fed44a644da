// What the People forms' server actions hand back to the form (values to keep, errors to show).
import type { FormAlert } from "@/lib/http/form-failure";

export interface SearchFormState {
  query: string;
  purpose: string;
  errors: { query?: string; purpose?: string };
  alert: FormAlert | null;
}

export interface OpenRecordFormState {
  purpose: string;
  errors: { purpose?: string };
  alert: FormAlert | null;
}

export const EMPTY_SEARCH: SearchFormState = { query: "", purpose: "", errors: {}, alert: null };
export const EMPTY_OPEN: OpenRecordFormState = { purpose: "", errors: {}, alert: null };
