// Claiming a due job, atomically and by one runner only (docs/decisions/012). One statement picks the oldest due job
// of the kinds this runner knows and marks it running under this runner's lease:
// - PostgreSQL: the sub-select locks its row FOR UPDATE SKIP LOCKED, so concurrent claimers each get a different row
//   and never wait for one another;
// - SQLite: the same UPDATE … RETURNING holds the database's write lock for its whole run, so two claimers are
//   serialised and the second no longer sees the row as due.
// A job is due when it is queued and its run_at has come, or when it is running under a lease that ran out (its
// runner died); a reclaim counts as a new try and keeps why the previous one ended as the job's last error.
import type { Db } from "@/lib/db/client";
import { dbTarget } from "@/lib/db/client";

export interface ClaimOptions {
  runnerId: string;
  /** Kinds this runner can run; jobs of other kinds are left for a runner that knows them. */
  kinds: readonly string[];
  /** The clock reading (lib/core/clock); Dates bind as the same ISO text Prisma stores on SQLite. */
  now: Date;
  leaseMs: number;
}

export async function claimNextJob(db: Db, opts: ClaimOptions): Promise<string | null> {
  if (opts.kinds.length === 0) return null;
  const pg = dbTarget().dialect === "postgresql";
  // Placeholders in the order they appear: SQLite's "?" are positional.
  const args: unknown[] = [];
  const bind = (v: unknown) => (args.push(v), pg ? `$${args.length}` : "?");
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const sql = `UPDATE jobs SET
      status = 'running',
      attempts = attempts + 1,
      last_error = CASE WHEN status = 'running'
        THEN 'Try ' || attempts || ' did not finish: its runner (' || COALESCE(locked_by, 'unknown') || ') stopped and its lease ran out'
        ELSE last_error END,
      locked_by = ${bind(opts.runnerId)},
      lease_until = ${bind(leaseUntil)},
      started_at = ${bind(opts.now)}
    WHERE id = (
      SELECT id FROM jobs
      WHERE kind IN (${opts.kinds.map(bind).join(", ")})
        AND ((status = 'queued' AND run_at <= ${bind(opts.now)}) OR (status = 'running' AND lease_until < ${bind(opts.now)}))
      ORDER BY run_at, id
      LIMIT 1${pg ? " FOR UPDATE SKIP LOCKED" : ""}
    )
    RETURNING id`;
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(sql, ...args);
  return rows[0]?.id ?? null;
}
