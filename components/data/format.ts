// Display formatting for the console: money in minor units, counts, and UTC timestamps.
// Pure and locale-pinned ("en-US", UTC) so server and client render the same text (no hydration mismatch).

const currencyFormatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string): Intl.NumberFormat | null {
  const key = currency.toUpperCase();
  let f = currencyFormatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency: key });
    } catch {
      return null; // not an ISO 4217 code Intl knows
    }
    currencyFormatters.set(key, f);
  }
  return f;
}

/**
 * Formats an integer amount of minor units (cents) in its ISO currency: formatCents(123456, "USD") → "$1,234.56".
 * The minor-unit exponent comes from the currency (JPY has none), never an assumed 100.
 */
export function formatCents(cents: number, currency: string): string {
  const f = currencyFormatter(currency);
  if (!f) return `${(cents / 100).toFixed(2)} ${currency}`;
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(cents / 10 ** digits);
}

const integerFormat = new Intl.NumberFormat("en-US");

/** Thousands-grouped number: 12345 → "12,345". */
export function formatNumber(n: number): string {
  return integerFormat.format(n);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Absolute UTC time, minute precision: "2026-11-27 14:05 UTC". Accepts a Date or an ISO-8601 string. */
export function formatUtc(at: Date | string): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** UTC date only: "2026-11-27". */
export function formatUtcDate(at: Date | string): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const relativeFormat = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * Relative time from `now` (pass the app clock, lib/core/clock): "in 3 days", "2 hours ago", "now".
 * Rounds toward the nearest whole unit; anything under a minute is "now".
 */
export function formatRelative(at: Date | string, now: Date): string {
  const d = typeof at === "string" ? new Date(at) : at;
  const seconds = (d.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return "now";
}

/** For things that already happened: "just now", "5 minutes ago". */
export function formatAgo(at: Date | string, now: Date): string {
  const rel = formatRelative(at, now);
  return rel === "now" ? "just now" : rel;
}
