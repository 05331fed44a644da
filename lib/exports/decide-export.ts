// Privacy admins approve or deny an export waiting for approval (law 3: never their own). Every check runs on the
// locked, re-read row inside the unit of work, so two deciders take turns; refusals are recorded and change nothing.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import { notifyUsers } from "@/lib/inbox/notify";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { Tx } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, invalidField, refusal } from "@/lib/scopes/record-refusal";
import { ZComment } from "@/lib/scopes/vocabulary";
import { BUILD_JOB_KIND } from "./create-export";
import { toExportRecord } from "./export-record";
import { exportEntry, exportRefusalContext, lockExport } from "./export-internals";
import type { ExportRecord } from "./types";

export interface DecideExport {
  exportId: string;
  comment: string;
}

// An approval may say nothing more than "approved"; a denial must tell the requester why.
const ZApproveComment = z.string().trim().max(500, "Keep the comment under 500 characters");

async function openForDecision(tx: Tx, acting: Acting, input: DecideExport, attempted: "approve_export" | "deny_export") {
  const id = String(input.exportId ?? "").slice(0, 100);
  await lockExport(tx, id);
  const row = await tx.export.findUnique({ where: { id } });
  const exp: ExportRecord | null = row ? toExportRecord(row) : null;
  const ctx = exportRefusalContext(attempted, exp, id);
  const verb = attempted === "approve_export" ? "approve" : "deny";
  if (!can(acting.actor, "export.approve")) throw refusal(ctx, "forbidden", `Only privacy admins ${verb} exports (export.approve)`);
  if (!exp) throw refusal(ctx, "not_found", "No such export", "exportId");
  // Law 3: nobody approves (or denies) what they asked for themselves; another privacy admin must.
  if (exp.requesterId === acting.actor.id) {
    throw refusal(
      ctx,
      "forbidden",
      verb === "approve"
        ? "You cannot approve your own export: another privacy admin must decide it"
        : "You cannot deny your own export; cancel it instead",
      "exportId",
    );
  }
  if (exp.status !== "pending_approval")
    throw refusal(ctx, "conflict", `This export is not waiting for approval (it is ${exp.status.replace("_", " ")})`, "exportId");
  const parsed = (verb === "approve" ? ZApproveComment : ZComment).safeParse(input.comment ?? "");
  if (!parsed.success) throw invalidField(ctx, "comment", parsed.error);
  return { exp, comment: parsed.data, at: now() };
}

export async function approveExport(acting: Acting, input: DecideExport): Promise<void> {
  await commitOrRefuse(acting, async ({ tx, record }) => {
    const { exp, comment, at } = await openForDecision(tx, acting, input, "approve_export");
    await tx.export.update({
      where: { id: exp.id },
      data: { status: "approved", decidedById: acting.actor.id, decidedAt: at, decisionComment: comment || null, updatedAt: at },
    });
    record(
      exportEntry(acting, exp, {
        action: "exports.approved",
        purpose: exp.purpose,
        payload: {
          requester_id: exp.requesterId,
          approval_reasons: exp.approvalReasons,
          columns_clear: clearColumns(exp),
          policy_version: exp.policyVersion,
        },
      }),
    );
    await enqueueJob({ kind: BUILD_JOB_KIND, payload: { exportId: exp.id } }, tx);
    await notifyUsers(
      [exp.requesterId],
      {
        kind: "exports.approved",
        title: `Export ${exp.id} approved`,
        body: `Your export of ${exp.datasetKey}@${exp.datasetVersion} was approved and is being built.`,
        href: `/exports/${exp.id}`,
      },
      tx,
    );
  });
}

export async function denyExport(acting: Acting, input: DecideExport): Promise<void> {
  await commitOrRefuse(acting, async ({ tx, record }) => {
    const { exp, comment, at } = await openForDecision(tx, acting, input, "deny_export");
    await tx.export.update({
      where: { id: exp.id },
      data: { status: "denied", decidedById: acting.actor.id, decidedAt: at, decisionComment: comment, updatedAt: at },
    });
    record(
      exportEntry(acting, exp, {
        action: "exports.denied",
        purpose: comment,
        payload: { requester_id: exp.requesterId, columns_clear: clearColumns(exp) },
      }),
    );
    await notifyUsers(
      [exp.requesterId],
      {
        kind: "exports.denied",
        title: `Export ${exp.id} denied`,
        body: `Your export of ${exp.datasetKey}@${exp.datasetVersion} was denied: ${comment}`,
        href: `/exports/${exp.id}`,
      },
      tx,
    );
  });
}

function clearColumns(exp: ExportRecord): string[] {
  return exp.columns.filter((c) => c.treatment === "clear").map((c) => c.name);
}
