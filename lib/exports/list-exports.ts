// Export lists, scoped in the query (CONVENTIONS §5): "mine" is the requester's own; "approvals" (export.approve) the
// ones waiting for a decision; "all" (export.read_all) every export. Newest first, keyset on (created_at, id).
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { toExportRecord } from "./export-record";
import type { ExportRecord } from "./types";

const ZCursor = z
  .string()
  .regex(/^\d{1,15}\.exp_[0-9a-z]{4,40}$/)
  .transform((s) => {
    const dot = s.indexOf(".");
    return { at: new Date(Number(s.slice(0, dot))), id: s.slice(dot + 1) };
  });

export const ZExportListQuery = z.object({
  view: z.enum(["mine", "approvals", "all"]).default("mine"),
  cursor: ZCursor.optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).catch(25),
});
export type TExportListQuery = Partial<z.input<typeof ZExportListQuery>>;

export interface ExportListRow extends ExportRecord {
  requesterName: string;
  requesterEmail: string;
}

export interface ExportListPage {
  rows: ExportListRow[];
  nextCursor: string | null;
  total: number;
}

export async function listExports(viewer: Actor, query: TExportListQuery = {}): Promise<ExportListPage> {
  const q = ZExportListQuery.parse(query);
  if (q.view === "approvals" && !can(viewer, "export.approve")) throw new AppError("forbidden", "Deciding exports needs export.approve");
  if (q.view === "all" && !can(viewer, "export.read_all")) throw new AppError("forbidden", "Reading every export needs export.read_all");
  const base = q.view === "mine" ? { requesterId: viewer.id } : q.view === "approvals" ? { status: "pending_approval" } : {};
  const after = q.cursor ? { OR: [{ createdAt: { lt: q.cursor.at } }, { createdAt: q.cursor.at, id: { lt: q.cursor.id } }] } : {};
  const db = getDb();
  const [found, total] = await Promise.all([
    db.export.findMany({
      where: { ...base, ...after },
      include: { requester: { select: { name: true, email: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    }),
    db.export.count({ where: base }),
  ]);
  const rows = found
    .slice(0, q.limit)
    .map(({ requester, ...row }) => ({ ...toExportRecord(row), requesterName: requester.name, requesterEmail: requester.email }));
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > q.limit && last ? `${last.createdAt.getTime()}.${last.id}` : null, total };
}
