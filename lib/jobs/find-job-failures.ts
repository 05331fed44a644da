// Failed tries, newest first: every job whose last try (or an earlier one) failed, with the error, and what became
// of it (tried again later, given up, succeeded after all). Keyset-paginated on (finished_at, id).
import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";

export const ZJobFailuresQuery = z.object({
  kind: z
    .string()
    .max(100)
    .regex(/^[a-z0-9_.-]+$/, "must be a job kind such as auth.housekeeping")
    .optional(),
  /** `<finished_at epoch ms>.<job id>` of the last row shown. */
  cursor: z
    .string()
    .regex(/^\d{1,15}\.job_[0-9a-z]{1,40}$/, "is not a page link this list made")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TJobFailuresQuery = z.input<typeof ZJobFailuresQuery>;

export interface JobFailureRow {
  jobId: string;
  kind: string;
  /** When the failed try ended (UTC ISO). */
  at: string;
  /** The try that failed, out of those allowed. */
  attempt: number;
  maxAttempts: number;
  /** What became of the job: given up, waiting to be tried again, being tried now, or succeeded on a later try. */
  status: "failed" | "retrying" | "running" | "succeeded";
  /** When a waiting job is tried again. */
  nextTryAt: string | null;
  error: string;
}

export interface JobFailuresPage {
  rows: JobFailureRow[];
  nextCursor: string | null;
  total: number;
}

export async function findJobFailures(viewer: { role: Role }, query: TJobFailuresQuery): Promise<JobFailuresPage> {
  if (!can(viewer, "jobs.read")) throw new AppError("forbidden", "The Jobs panel needs the jobs.read permission");
  const parsed = ZJobFailuresQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? "query");
    throw new AppError("validation_failed", `${field} ${issue.message}`, { field });
  }
  const q = parsed.data;
  const db = getDb();
  const base = { lastError: { not: null }, finishedAt: { not: null }, ...(q.kind ? { kind: q.kind } : {}) };
  let after = {};
  if (q.cursor) {
    const dot = q.cursor.indexOf(".");
    const at = new Date(Number(q.cursor.slice(0, dot)));
    const id = q.cursor.slice(dot + 1);
    after = { OR: [{ finishedAt: { lt: at } }, { finishedAt: at, id: { lt: id } }] };
  }
  const [jobs, total] = await Promise.all([
    db.job.findMany({
      where: { ...base, ...after },
      orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
      select: { id: true, kind: true, status: true, attempts: true, maxAttempts: true, finishedAt: true, runAt: true, lastError: true },
    }),
    db.job.count({ where: base }),
  ]);
  const page = jobs.slice(0, q.limit);
  const last = page.at(-1);
  return {
    rows: page.map((j) => {
      const status = j.status === "queued" ? "retrying" : (j.status as JobFailureRow["status"]);
      return {
        jobId: j.id,
        kind: j.kind,
        at: j.finishedAt!.toISOString(),
        // A job being tried now, or that succeeded on a later try, failed the try before.
        attempt: status === "running" || status === "succeeded" ? j.attempts - 1 : j.attempts,
        maxAttempts: j.maxAttempts,
        status,
        nextTryAt: status === "retrying" ? j.runAt.toISOString() : null,
        error: j.lastError ?? "",
      };
    }),
    nextCursor: jobs.length > q.limit && last ? `${last.finishedAt!.getTime()}.${last.id}` : null,
    total,
  };
}
