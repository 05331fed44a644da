// What the catalog column form's server action hands back: the values to keep, errors beside their fields, an alert.
import type { FormAlert } from "@/lib/http/form-failure";

export const CATALOG_FORM_FIELDS = ["column", "tier", "maskRule", "reason"] as const;

export interface CatalogFormState {
  values: Record<string, string> | null;
  errors: Partial<Record<(typeof CATALOG_FORM_FIELDS)[number], string>>;
  alert: FormAlert | null;
}

export const EMPTY_CATALOG_FORM: CatalogFormState = { values: null, errors: {}, alert: null };
