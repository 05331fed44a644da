// What the holds screens' server actions hand back: errors beside the fields they concern, or one alert.
import type { FormAlert } from "@/lib/http/form-failure";

export interface HoldsFormState {
  errors: Record<string, string>;
  alert: FormAlert | null;
}

export const EMPTY_HOLDS_FORM: HoldsFormState = { errors: {}, alert: null };

/** A target row as the hold form sends it (repeated fields, one set per row). */
export interface TargetRow {
  kind: "subject" | "booking_group" | "dataset" | "date_range";
  value: string;
  fromDay: string;
  toDay: string;
}
