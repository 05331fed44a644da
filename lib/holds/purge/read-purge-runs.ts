// Reads for the Purge runs screen and the home page: the run history (one list contract), one run with its report,
// the last run. Counts, ids and terms only (the report never holds personal data).
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { PurgeMode, PurgeRunStatus, PurgeTrigger } from "../types";
import type { PurgeReport } from "./report";

export interface PurgeRunRow {
  id: string;
  mode: PurgeMode;
  status: PurgeRunStatus;
  trigger: PurgeTrigger;
  startedById: string | null;
  startedByEmail: string | null;
  candidates: number;
  deleted: number;
  heldBack: number;
  progressDone: number;
  progressTotal: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** finishedAt − startedAt, when both are known. */
  durationMs: number | null;
  trippedReason: string | null;
  breakerLimit: number | null;
  approvedById: string | null;
  approvedByEmail: string | null;
  approvedAt: Date | null;
  error: string | null;
  /** True once the run has counted its candidates (its report exists). */
  counted: boolean;
}

export interface PurgeRunDetail extends PurgeRunRow {
  report: PurgeReport | null;
  batches: number;
}

export const ZPurgeRunsQuery = z.object({
  status: z.enum(["queued", "running", "tripped", "completed", "failed", "cancelled"]).optional().catch(undefined),
  mode: z.enum(["dry_run", "execute"]).optional().catch(undefined),
  cursor: z.string().max(100).optional().catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).default(25).catch(25),
});
export type TPurgeRunsQuery = z.infer<typeof ZPurgeRunsQuery>;

const SELECT = {
  id: true,
  mode: true,
  status: true,
  trigger: true,
  startedById: true,
  candidates: true,
  deleted: true,
  heldBack: true,
  progressDone: true,
  progressTotal: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  trippedReason: true,
  breakerLimit: true,
  approvedById: true,
  approvedAt: true,
  error: true,
} as const;

type Row = { [K in keyof typeof SELECT]: unknown } & { startedById: string | null; approvedById: string | null };

async function emailsOf(ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const users = await getDb().user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

function toRow(r: Row, emails: Map<string, string>, counted: boolean): PurgeRunRow {
  const startedAt = r.startedAt as Date | null;
  const finishedAt = r.finishedAt as Date | null;
  return {
    ...(r as unknown as Omit<PurgeRunRow, "startedByEmail" | "approvedByEmail" | "durationMs" | "counted">),
    startedByEmail: r.startedById ? (emails.get(r.startedById) ?? null) : null,
    approvedByEmail: r.approvedById ? (emails.get(r.approvedById) ?? null) : null,
    durationMs: startedAt && finishedAt ? finishedAt.getTime() - startedAt.getTime() : null,
    counted,
  };
}

export async function listPurgeRuns(
  query: Partial<TPurgeRunsQuery> = {},
): Promise<{ rows: PurgeRunRow[]; nextCursor: string | null; total: number }> {
  const q = ZPurgeRunsQuery.parse(query);
  const where = { ...(q.status ? { status: q.status } : {}), ...(q.mode ? { mode: q.mode } : {}) };
  const db = getDb();
  const [rows, total] = await Promise.all([
    db.purgeRun.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.pageSize + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
      select: SELECT,
    }),
    db.purgeRun.count({ where }),
  ]);
  const page = rows.slice(0, q.pageSize);
  const emails = await emailsOf(page.flatMap((r) => [r.startedById, r.approvedById]));
  const counted = new Set(
    (await db.purgeRun.findMany({ where: { id: { in: page.map((r) => r.id) }, report: { not: null } }, select: { id: true } })).map((r) => r.id),
  );
  return {
    rows: page.map((r) => toRow(r, emails, counted.has(r.id))),
    nextCursor: rows.length > q.pageSize ? page[page.length - 1].id : null,
    total,
  };
}

export async function getPurgeRun(id: string): Promise<PurgeRunDetail | null> {
  const db = getDb();
  const r = await db.purgeRun.findUnique({ where: { id: String(id).slice(0, 100) }, select: { ...SELECT, report: true } });
  if (!r) return null;
  const emails = await emailsOf([r.startedById, r.approvedById]);
  const batches = await db.purgeBatch.count({ where: { runId: r.id } });
  return { ...toRow(r, emails, r.report !== null), report: r.report ? (JSON.parse(r.report) as PurgeReport) : null, batches };
}

/** The home page's "last purge" tile: the latest run that has finished (completed, failed or cancelled), or null. */
export async function lastPurgeRun(): Promise<{
  id: string;
  mode: PurgeMode;
  status: PurgeRunStatus;
  candidates: number;
  deleted: number;
  heldBack: number;
  finishedAt: Date | null;
} | null> {
  const r = await getDb().purgeRun.findFirst({
    where: { status: { in: ["completed", "failed", "cancelled"] } },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    select: { id: true, mode: true, status: true, candidates: true, deleted: true, heldBack: true, finishedAt: true },
  });
  return r ? { ...r, mode: r.mode as PurgeMode, status: r.status as PurgeRunStatus } : null;
}
