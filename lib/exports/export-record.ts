// Reads an `exports` row into an ExportRecord: JSON fields parsed (and checked), so no module re-parses them its own way.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { EXPORT_STATUSES, ZExportColumnPlan, ZExportFilters, ZExportFormat, ZExportOptions, type ExportRecord } from "./types";

type ExportRow = NonNullable<Awaited<ReturnType<ReturnType<typeof getDb>["export"]["findUnique"]>>>;

export function toExportRecord(row: ExportRow): ExportRecord {
  return {
    ...row,
    columns: z.array(ZExportColumnPlan).parse(JSON.parse(row.columns)),
    filters: ZExportFilters.parse(JSON.parse(row.filters)),
    format: ZExportFormat.parse(row.format),
    options: ZExportOptions.parse(JSON.parse(row.options)),
    status: z.enum(EXPORT_STATUSES).parse(row.status),
    approvalReasons: z.array(z.string()).parse(JSON.parse(row.approvalReasons)),
    fileBytes: row.fileBytes === null ? null : Number(row.fileBytes),
  };
}

/** The export, whoever asks: callers decide visibility (the requester, privacy admins, auditors). */
export async function readExport(id: string): Promise<ExportRecord> {
  const row = await getDb().export.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `Export ${id} does not exist`);
  return toExportRecord(row);
}
