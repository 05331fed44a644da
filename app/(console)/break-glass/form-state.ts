// What the after-review form's server action hands back (values to keep, errors to show).
import type { FormAlert } from "@/lib/http/form-failure";

export interface AfterReviewFormState {
  comment: string;
  outcome: string;
  errors: { comment?: string; outcome?: string };
  alert: FormAlert | null;
}

export const EMPTY_AFTER_REVIEW: AfterReviewFormState = { comment: "", outcome: "", errors: {}, alert: null };
