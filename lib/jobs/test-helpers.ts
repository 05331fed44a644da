// Test helpers for the job runner: a second, independent connection to the console database (as a second server
// instance would have), and job kinds that record what they ran. Real databases on both dialects, never a mock.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { dbTarget, type Db } from "@/lib/db/client";
import { PrismaClient as PgPrismaClient } from "@/lib/db/generated/pg/client";
import { PrismaClient as SqlitePrismaClient } from "@/lib/db/generated/sqlite/client";
import { gatedSqliteAdapter } from "@/lib/db/sqlite-adapter";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { JobContext, JobKind } from "./job-kind";

export async function secondConnection(): Promise<{ db: Db; close: () => Promise<void> }> {
  const t = dbTarget();
  if (t.dialect === "sqlite") {
    const db = new SqlitePrismaClient({ adapter: gatedSqliteAdapter(t.path) }) as unknown as Db;
    return { db, close: () => db.$disconnect() };
  }
  const pool = new pg.Pool({ connectionString: t.url, max: 5, options: "-c lock_timeout=1500" });
  const db = new PgPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pool.end();
    },
  };
}

/** A kind with a unique name whose runs are counted per job id; `work` decides what a run does. */
export function countingKind(
  opts: Partial<Omit<JobKind, "run" | "kind">> & { work?: (ctx: JobContext) => Promise<Record<string, unknown> | void> } = {},
): JobKind & { runs: Map<string, number>; contexts: JobContext[] } {
  const runs = new Map<string, number>();
  const contexts: JobContext[] = [];
  return {
    kind: `test.kind_${newId("job").slice(4, 12)}`,
    title: opts.title ?? "Test kind",
    everyMs: opts.everyMs,
    maxAttempts: opts.maxAttempts,
    backoffMs: opts.backoffMs,
    runs,
    contexts,
    async run(ctx) {
      runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
      contexts.push(ctx);
      return opts.work ? opts.work(ctx) : undefined;
    },
  };
}

export const jobRow = (id: string) => getDb().job.findUniqueOrThrow({ where: { id } });

export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
