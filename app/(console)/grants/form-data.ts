// Reading the grants and policies forms: text fields, and durations given as a number and a unit.
import { MINUTES, type DurationUnit } from "@/lib/scopes/durations";

export const text = (formData: FormData, name: string, max = 1000) => {
  const v = formData.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

/** The minutes a duration field names (`name` and `${name}Unit`), or undefined when blank or not a number (the domain
 * then says the field is missing, beside the field). */
export function minutesFrom(formData: FormData, name: string): number | undefined {
  const raw = text(formData, name, 40).trim();
  const unit = text(formData, `${name}Unit`, 20) as DurationUnit;
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value) || !(unit in MINUTES)) return undefined;
  return Math.round(value * MINUTES[unit]);
}
