// What the Users page's server actions hand back to their forms.
import type { FormAlert } from "@/lib/http/form-failure";

export interface CreateUserValues {
  email: string;
  name: string;
  role: string;
  signIn: string;
}

export interface CreateUserState {
  values: CreateUserValues;
  errors: Partial<Record<keyof CreateUserValues, string>>;
  alert: FormAlert | null;
  /** The account just created; its temporary password is shown this once and kept nowhere. */
  created: { id: string; email: string; name: string; role: string; temporaryPassword: string | null } | null;
}

export interface ManageUserState {
  alert: FormAlert | null;
  notice: string | null;
}

export const EMPTY_CREATE_VALUES: CreateUserValues = { email: "", name: "", role: "analyst", signIn: "" };
export const EMPTY_MANAGE: ManageUserState = { alert: null, notice: null };
