// What the purge forms' server actions hand back: the field and reason a submission was refused.
import type { FormAlert } from "@/lib/http/form-failure";

export interface PurgeFormState {
  errors: { reason?: string; mode?: string };
  alert: FormAlert | null;
}

export const EMPTY_PURGE_FORM: PurgeFormState = { errors: {}, alert: null };
