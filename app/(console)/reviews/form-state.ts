// What the access review forms' server actions hand back (values to keep, errors to show).
import type { FormAlert } from "@/lib/http/form-failure";

export interface StartCampaignFormState {
  name: string;
  scopes: string[];
  dueAt: string;
  errors: { name?: string; scopes?: string; dueAt?: string };
  alert: FormAlert | null;
}

export interface DecideItemFormState {
  comment: string;
  errors: { comment?: string };
  alert: FormAlert | null;
}

export const EMPTY_DECIDE: DecideItemFormState = { comment: "", errors: {}, alert: null };
