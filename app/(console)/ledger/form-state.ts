// What the ledger filter form's server action hands back (values to keep, errors beside their fields).
import type { FormAlert } from "@/lib/http/form-failure";

export type LedgerFilterValues = Record<string, string>;

export interface LedgerFilterState {
  values: LedgerFilterValues;
  errors: Record<string, string>;
  alert: FormAlert | null;
}
