// A purge run's report as a file (JSON, or CSV with one line per dataset/reason and per hold/dataset), for privacy
// admins and auditors (purge.read). Every download is ledgered (purge.report_downloaded): the report names held
// record ids. Only a run that has counted has a report.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { commitOrRefuse, refusal } from "@/lib/scopes/record-refusal";
import { can } from "@/lib/core/permissions";
import { purgeEntry } from "./purge-entry";
import { purgeRefusalContext } from "./purge-internals";
import type { PurgeReport } from "./report";

export const ZReportFormat = z.enum(["json", "csv"], { message: "format must be json or csv" });

const csvCell = (v: string | number) => {
  const s = String(v);
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe (decision 027).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function reportCsv(runId: string, report: PurgeReport): string {
  const lines = [["run", "section", "dataset", "policy_or_hold", "reason_or_name", "candidates", "held_back", "to_delete", "deleted", "sample_ids"]];
  for (const d of report.datasets) {
    lines.push([
      runId,
      "dataset",
      d.dataset,
      d.policyId,
      d.skipped ?? "all reasons",
      String(d.candidates),
      String(d.heldBack),
      String(d.toDelete),
      String(d.deleted ?? ""),
      "",
    ]);
    for (const r of d.reasons) lines.push([runId, "reason", d.dataset, d.policyId, r.reason, String(r.candidates), "", "", "", ""]);
  }
  for (const h of report.holds)
    for (const d of h.datasets) lines.push([runId, "hold", d.dataset, h.holdId, h.name, "", String(d.heldBack), "", "", d.sampleIds.join(" ")]);
  return lines.map((l) => l.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export async function downloadPurgeReport(
  acting: Acting,
  input: { runId: string; format: string },
): Promise<{ fileName: string; contentType: string; body: string }> {
  const runId = String(input.runId ?? "").slice(0, 100);
  const ctx = purgeRefusalContext("download_purge_report", runId);
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    if (!can(acting.actor, "purge.read")) throw refusal(ctx, "forbidden", "Your role does not allow purge reports (purge.read)");
    const format = ZReportFormat.safeParse(input.format);
    if (!format.success) throw refusal(ctx, "validation_failed", format.error.issues[0].message, "format");
    const run = await tx.purgeRun.findUnique({ where: { id: runId }, select: { report: true } });
    if (!run) throw refusal(ctx, "not_found", "No such purge run", "runId");
    if (!run.report) throw refusal(ctx, "conflict", "This run has not counted its candidates yet; its report is not ready", "runId");
    const report = JSON.parse(run.report) as PurgeReport;
    const body = format.data === "json" ? JSON.stringify({ run: runId, ...report }, null, 2) + "\n" : reportCsv(runId, report);
    record(purgeEntry(acting.actor, acting.meta, runId, "purge.report_downloaded", { format: format.data, bytes: Buffer.byteLength(body) }));
    return { fileName: `purge-${runId}.${format.data}`, contentType: format.data === "json" ? "application/json" : "text/csv; charset=utf-8", body };
  });
  return result;
}
