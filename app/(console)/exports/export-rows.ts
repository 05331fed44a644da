// Export list rows as the tables show them: times worded against the app clock, the file's tier, and — for the
// requester's own ready exports only — fresh signed download links.
import { formatAgo, formatUtc } from "@/components/data/format";
import type { Actor } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { downloadLink } from "@/lib/exports/download-link";
import { exportTier } from "@/lib/exports/export-internals";
import type { ExportListRow } from "@/lib/exports/list-exports";
import type { ExportRow } from "./exports-table";

export function toExportRows(viewer: Actor, rows: ExportListRow[]): ExportRow[] {
  const at = now();
  return rows.map((r) => ({
    id: r.id,
    dataset: `${r.datasetKey}@${r.datasetVersion}`,
    format: r.format,
    tier: exportTier(r.columns),
    purpose: r.purpose,
    status: r.status,
    createdText: formatUtc(r.createdAt),
    createdAgo: formatAgo(r.createdAt, at),
    rowsWritten: r.rowsWritten,
    rowsTotal: r.rowsTotal,
    requesterName: r.requesterName,
    requesterEmail: r.requesterEmail,
    approvalReasons: r.approvalReasons,
    links:
      r.status === "ready" && r.requesterId === viewer.id
        ? { file: downloadLink(r.id, viewer.id).href, zip: downloadLink(r.id, viewer.id, { zip: true }).href }
        : null,
  }));
}
