// What an SLA key in a URL may be: dotted lower-case words (ops.silver_freshness). Anything else (`../x`, `%zz`, a
// stray slash) is no SLA and answers 404 before any lookup.
const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export function parseSlaKey(raw: string): string | null {
  let key = raw;
  // Next hands the segment over decoded in some versions and raw in others; a malformed escape is simply no key.
  if (key.includes("%")) {
    try {
      key = decodeURIComponent(key);
    } catch {
      return null;
    }
  }
  return key.length <= 100 && KEY.test(key) ? key : null;
}

export const SLA_RANGES = ["24h", "7d", "30d", "90d"] as const;
export const RANGE_LABELS: Record<(typeof SLA_RANGES)[number], string> = { "24h": "24 h", "7d": "7 d", "30d": "30 d", "90d": "90 d" };
/** Buckets are an hour up to 7 days and a day beyond (lib/sla/views.ts SeriesPoint). */
export const bucketMsOf = (range: (typeof SLA_RANGES)[number]) => (range === "24h" || range === "7d" ? 3_600_000 : 86_400_000);
