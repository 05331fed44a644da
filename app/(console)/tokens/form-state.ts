// What the Tokens page's server actions hand back to their forms.
import type { FormAlert } from "@/lib/http/form-failure";

export interface CreateTokenValues {
  name: string;
  ownerId: string;
  uses: string[];
  expiresInDays: string;
}

export interface CreateTokenState {
  values: CreateTokenValues;
  errors: Partial<Record<keyof CreateTokenValues, string>>;
  alert: FormAlert | null;
  /** The token just created; its secret is in this response only, shown once, stored nowhere. */
  created: { id: string; name: string; secret: string } | null;
}

export const EMPTY_TOKEN_VALUES: CreateTokenValues = { name: "", ownerId: "", uses: [], expiresInDays: "90" };
