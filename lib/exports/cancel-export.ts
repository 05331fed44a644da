// The requester withdraws an export before its build starts (pending approval or approved and queued). A queued
// build job is removed in the same unit of work; a build that claims it anyway finds the export cancelled.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { commitOrRefuse, refusal } from "@/lib/scopes/record-refusal";
import { BUILD_JOB_KIND } from "./create-export";
import { toExportRecord } from "./export-record";
import { exportEntry, exportRefusalContext, lockExport } from "./export-internals";

const CANCELLABLE = new Set(["draft", "pending_approval", "approved"]);

export async function cancelExport(acting: Acting, input: { exportId: string }): Promise<void> {
  await commitOrRefuse(acting, async ({ tx, record }) => {
    const id = String(input.exportId ?? "").slice(0, 100);
    await lockExport(tx, id);
    const row = await tx.export.findUnique({ where: { id } });
    const exp = row ? toExportRecord(row) : null;
    const ctx = exportRefusalContext("cancel_export", exp, id);
    // Someone else's export reads as not there: its existence is not theirs to learn.
    if (!exp || exp.requesterId !== acting.actor.id) throw refusal(ctx, "not_found", "No such export of yours", "exportId");
    if (!CANCELLABLE.has(exp.status)) {
      throw refusal(ctx, "conflict", `This export can no longer be cancelled (it is ${exp.status.replace("_", " ")})`, "exportId");
    }
    const at = now();
    await tx.export.update({ where: { id }, data: { status: "cancelled", updatedAt: at } });
    await tx.job.deleteMany({ where: { kind: BUILD_JOB_KIND, status: "queued", payload: JSON.stringify({ exportId: id }) } });
    record(exportEntry(acting, exp, { action: "exports.cancelled", purpose: exp.purpose, payload: { previous_status: exp.status } }));
  });
}
