// Durations and instants as people read them ("14 days", "4 hours", "2026-12-01 10:00 UTC"), for policy limits,
// grant lengths, refusal messages and inbox notes. Pure and zod-free, so the console's client components can import
// it; the server's messages and the forms then agree word for word.

export const MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;
export type DurationUnit = keyof typeof MINUTES;

/** 20160 → "14 days", 90 → "90 minutes", 1500 → "25 hours". Whole units only, the largest that fits exactly. */
export function describeMinutes(total: number): string {
  const { value, unit } = splitMinutes(total);
  const name = value === 1 ? unit.slice(0, -1) : unit;
  return `${value.toLocaleString("en-US")} ${name}`;
}

/** The largest unit that expresses `total` minutes exactly: 20160 → { 14, days }. */
export function splitMinutes(total: number): { value: number; unit: DurationUnit } {
  if (total !== 0 && total % MINUTES.days === 0) return { value: total / MINUTES.days, unit: "days" };
  if (total !== 0 && total % MINUTES.hours === 0) return { value: total / MINUTES.hours, unit: "hours" };
  return { value: total, unit: "minutes" };
}

/** Time left until `end`, rounded down to what matters at a glance: "13 days 4 hours", "3 hours 20 minutes", "12 minutes". */
export function describeTimeLeft(end: Date, at: Date): string {
  const minutes = Math.floor((end.getTime() - at.getTime()) / 60_000);
  if (minutes <= 0) return "none";
  const days = Math.floor(minutes / MINUTES.days);
  const hours = Math.floor((minutes % MINUTES.days) / MINUTES.hours);
  const mins = minutes % MINUTES.hours;
  const part = (n: number, unit: string) => `${n} ${n === 1 ? unit : `${unit}s`}`;
  if (days > 0) return hours > 0 ? `${part(days, "day")} ${part(hours, "hour")}` : part(days, "day");
  if (hours > 0) return mins > 0 ? `${part(hours, "hour")} ${part(mins, "minute")}` : part(hours, "hour");
  return part(mins, "minute");
}

/** "2026-12-01 10:00 UTC": an instant in a message, to the minute (the same text as the console's formatUtc). */
export function utcText(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A span in milliseconds (job schedules, poll intervals): whole minutes as describeMinutes says them, else seconds. */
export function describeMs(ms: number): string {
  if (ms !== 0 && ms % 60_000 === 0) return describeMinutes(ms / 60_000);
  const seconds = ms / 1000;
  return `${seconds.toLocaleString("en-US")} ${seconds === 1 ? "second" : "seconds"}`;
}
