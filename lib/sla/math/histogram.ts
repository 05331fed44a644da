// p95 from latency histogram buckets (never an average of percentiles): Prometheus's histogram_quantile rule.

export interface HistogramBucket {
  /** Upper bound in ms; null is the +Inf bucket. */
  le_ms: number | null;
  /** Observations in this bucket alone (not cumulative). */
  count: number;
}

/**
 * The q-quantile (default 0.95) of a histogram: cumulative counts, linear interpolation inside the bucket that holds
 * the rank (from the previous bound, 0 for the first). A rank in the +Inf bucket answers the last finite bound, as
 * Prometheus does: the histogram cannot say more. null with no observations or no finite bound.
 */
export function p95FromBuckets(buckets: readonly HistogramBucket[], q = 0.95): number | null {
  const finite = buckets.filter((b) => b.le_ms !== null && Number.isFinite(b.le_ms)).sort((a, b) => a.le_ms! - b.le_ms!);
  const inf = buckets.filter((b) => b.le_ms === null).reduce((s, b) => s + Math.max(0, b.count), 0);
  const total = finite.reduce((s, b) => s + Math.max(0, b.count), 0) + inf;
  if (total <= 0 || finite.length === 0) return null;
  const rank = q * total;
  let cum = 0;
  let lower = 0;
  for (const b of finite) {
    const count = Math.max(0, b.count);
    if (count > 0 && cum + count >= rank) return lower + (b.le_ms! - lower) * ((rank - cum) / count);
    cum += count;
    lower = b.le_ms!;
  }
  return finite[finite.length - 1].le_ms;
}

/** Buckets from an observation's detail, or null when it carries none in the expected shape. */
export function bucketsFromDetail(detail: Record<string, unknown> | null): HistogramBucket[] | null {
  const raw = detail?.buckets;
  if (!Array.isArray(raw)) return null;
  const out: HistogramBucket[] = [];
  for (const b of raw) {
    if (!b || typeof b !== "object") return null;
    const { le_ms, count } = b as { le_ms?: unknown; count?: unknown };
    if (typeof count !== "number" || !(le_ms === null || typeof le_ms === "number")) return null;
    out.push({ le_ms, count });
  }
  return out;
}
