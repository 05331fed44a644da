// An SLA's figures in the units people think in, and back: the edit form shows and reads a target as a percent and a
// threshold in minutes, HH:MM, dollars, ms, hours or percent; the domain stores ratios, seconds, minutes after local
// midnight and cents (lib/sla/types.ts). Pure, so the form, the pages and the server action share one conversion.
import type { ThresholdUnit } from "@/lib/sla/types";

/** What the form asks for in place of each stored unit, and the hint beside the field. */
export const HUMAN_UNITS: Record<ThresholdUnit, { label: string; hint: string }> = {
  seconds: { label: "minutes", hint: "In minutes (stored in seconds)." },
  ms: { label: "ms", hint: "In milliseconds." },
  hours: { label: "hours", hint: "In hours." },
  percent: { label: "%", hint: "In percent, e.g. 0.5 for 0.5%." },
  local_time: { label: "HH:MM", hint: "Local time of day (24-hour clock) in the SLA's time zone, e.g. 06:00." },
  minor_units: { label: "$", hint: "In dollars, e.g. 45000 (stored in cents)." },
  count: { label: "count", hint: "A whole number." },
  ratio: { label: "%", hint: "In percent." },
};

const trimNumber = (n: number, digits = 4) => String(Number(n.toFixed(digits)));

/** A stored ratio (0.999) as the percent the form shows ("99.9"). */
export function ratioToPercentText(ratio: number): string {
  return trimNumber(ratio * 100, 6);
}

/** A stored threshold in the form's unit, e.g. 900 seconds → "15", 360 local minutes → "06:00", 4500000 cents → "45000". */
export function thresholdToHuman(unit: ThresholdUnit, value: number | null): string {
  if (value === null) return "";
  switch (unit) {
    case "seconds":
      return trimNumber(value / 60);
    case "local_time": {
      const m = Math.round(value);
      return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    }
    case "minor_units":
      return trimNumber(value / 100, 2);
    case "ratio":
      return ratioToPercentText(value);
    default:
      return trimNumber(value);
  }
}

export type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function decimal(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  return DECIMAL.test(t) ? Number(t) : null;
}

/** The form's target percent as the stored ratio: "99.9" → 0.999; 0 < percent ≤ 100. */
export function parseTargetPercent(text: string): Parsed {
  if (text.trim() === "") return { ok: false, error: "Enter the target as a percent, e.g. 99.9." };
  const n = decimal(text.replace(/%\s*$/, ""));
  if (n === null) return { ok: false, error: "Enter a number, e.g. 99.9." };
  if (!(n > 0 && n <= 100)) return { ok: false, error: "The target must be above 0% and at most 100%." };
  return { ok: true, value: Number((n / 100).toFixed(8)) };
}

/** A threshold from the form in the stored unit; an empty field is null (no threshold). */
export function parseHumanThreshold(unit: ThresholdUnit, text: string): Parsed {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  if (unit === "local_time") {
    const m = /^(\d{1,2}):(\d{2})$/.exec(t);
    if (!m) return { ok: false, error: "Enter a local time as HH:MM, e.g. 06:00." };
    const [h, min] = [Number(m[1]), Number(m[2])];
    if (h > 23 || min > 59) return { ok: false, error: "Enter a time between 00:00 and 23:59." };
    return { ok: true, value: h * 60 + min };
  }
  const n = decimal(t.replace(/^\$/, "").replace(/%\s*$/, ""));
  if (n === null) return { ok: false, error: `Enter a number (${HUMAN_UNITS[unit].label}).` };
  if (n < 0) return { ok: false, error: "A threshold cannot be negative." };
  switch (unit) {
    case "seconds":
      return { ok: true, value: Math.round(n * 60 * 1000) / 1000 };
    case "minor_units":
      return { ok: true, value: Math.round(n * 100) };
    case "count":
      return Number.isInteger(n) ? { ok: true, value: n } : { ok: false, error: "Enter a whole number." };
    case "ratio":
      return n <= 100 ? { ok: true, value: Number((n / 100).toFixed(8)) } : { ok: false, error: "Enter at most 100%." };
    default:
      return { ok: true, value: n };
  }
}

/** A threshold for reading (tables, chart labels): "15 min", "06:00 local", "$45,000.00", "5,000 ms", "0.5%". */
export function formatThreshold(unit: ThresholdUnit, value: number | null): string {
  if (value === null) return "—";
  switch (unit) {
    case "seconds":
      return value % 60 === 0 ? `${value / 60} min` : `${trimNumber(value / 60, 2)} min`;
    case "local_time":
      return `${thresholdToHuman(unit, value)} local`;
    case "minor_units":
      return (value / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
    case "ms":
      return `${value.toLocaleString("en-US")} ms`;
    case "hours":
      return `${trimNumber(value, 2)} h`;
    case "percent":
      return `${trimNumber(value, 4)}%`;
    case "ratio":
      return `${ratioToPercentText(value)}%`;
    case "count":
      return value.toLocaleString("en-US");
  }
}

/** A value in the SLA's unit on a chart axis (short). */
export function formatAxisValue(unit: ThresholdUnit, value: number): string {
  switch (unit) {
    case "seconds":
      return `${trimNumber(value / 60, 1)}m`;
    case "minor_units":
      return `$${trimNumber(value / 100000, 1)}k`;
    case "ms":
      return value >= 1000 ? `${trimNumber(value / 1000, 1)}s` : `${trimNumber(value, 0)}ms`;
    case "hours":
      return `${trimNumber(value, 1)}h`;
    case "percent":
      return `${trimNumber(value, 2)}%`;
    case "local_time":
      return thresholdToHuman(unit, value);
    default:
      return trimNumber(value, 2);
  }
}

/** An attainment ratio as text: 0.99912 → "99.91%"; null → "—". Never rounds a shortfall up to 100%. */
export function formatAttainment(ratio: number | null): string {
  if (ratio === null) return "—";
  const pct = Math.floor(ratio * 10000) / 100;
  return `${pct.toFixed(2)}%`;
}
