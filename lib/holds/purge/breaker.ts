// The circuit breaker's limit (decision 031): an execute run that would delete more than `multiple` × the usual volume
// (the median deletions of the last BREAKER_HISTORY completed execute runs) and more than `minRows` stops, tripped,
// until a privacy admin approves it. With no completed execute run yet there is no usual volume: the limit is
// `minRows` alone, so a deployment's first large purge is always looked at by a person.
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
import type { PurgeBreaker } from "./report";

export const BREAKER_HISTORY = 7;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

export function breakerLimit(usual: number | null, multiple: number, minRows: number): number {
  return usual === null ? minRows : Math.max(minRows, Math.ceil(usual * multiple));
}

export async function currentBreaker(exceptRunId: string, settings?: { multiple: number; minRows: number }): Promise<PurgeBreaker> {
  const runs = await getDb().purgeRun.findMany({
    where: { mode: "execute", status: "completed", id: { not: exceptRunId } },
    orderBy: { finishedAt: "desc" },
    take: BREAKER_HISTORY,
    select: { deleted: true },
  });
  const usual = median(runs.map((r) => r.deleted));
  const { multiple, minRows } = settings ?? { multiple: env().purgeBreakerMultiple, minRows: env().purgeBreakerMinRows };
  return { usual, history: runs.length, multiple, minRows, limit: breakerLimit(usual, multiple, minRows) };
}
