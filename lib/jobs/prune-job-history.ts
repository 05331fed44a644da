// Job history is kept long enough to explain a failure, not forever: succeeded runs 7 days, failed jobs 30
// (the jobs.prune_history kind in lib/job-kinds runs this). Queued and running jobs are never touched.
import { getDb } from "@/lib/db/client";

const DAY = 24 * 60 * 60_000;
export const KEEP_SUCCEEDED_MS = 7 * DAY;
export const KEEP_FAILED_MS = 30 * DAY;

export async function pruneJobHistory(now: Date): Promise<{ succeeded: number; failed: number }> {
  const db = getDb();
  const succeeded = await db.job.deleteMany({ where: { status: "succeeded", finishedAt: { lt: new Date(now.getTime() - KEEP_SUCCEEDED_MS) } } });
  const failed = await db.job.deleteMany({ where: { status: "failed", finishedAt: { lt: new Date(now.getTime() - KEEP_FAILED_MS) } } });
  return { succeeded: succeeded.count, failed: failed.count };
}
