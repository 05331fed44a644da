// What the revoke form's server action hands back.
import type { FormAlert } from "@/lib/http/form-failure";

export interface RevokeFormState {
  reason: string;
  errors: { reason?: string };
  alert: FormAlert | null;
}

export const EMPTY_REVOKE_FORM: RevokeFormState = { reason: "", errors: {}, alert: null };
