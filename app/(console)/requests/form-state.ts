// What the decision form's server action hands back (the comment to keep, errors to show).
import type { FormAlert } from "@/lib/http/form-failure";

export interface DecisionFormState {
  comment: string;
  errors: { comment?: string };
  alert: FormAlert | null;
}

export const EMPTY_DECISION: DecisionFormState = { comment: "", errors: {}, alert: null };
