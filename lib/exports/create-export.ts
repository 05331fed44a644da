// Submits an export (docs/decisions/024-exports.md). Everything is checked first (permission, dataset, columns,
// filters, purpose, row cap), so a refusal creates nothing; then ONE unit of work writes the row with its plan frozen,
// `exports.requested`, and either the build job (no approval needed) or the privacy admins' inbox items.
import { z } from "zod";
import { ZPurpose } from "@/lib/access/gateway";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { can } from "@/lib/core/permissions";
import { notifyPrivacyAdmins } from "@/lib/inbox/notify";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import { refuse, refusal } from "@/lib/scopes/record-refusal";
import { exportEntry } from "./export-internals";
import { planExport, ZExportPlanInput, type ExportPlan } from "./plan-export";

export const ZCreateExport = ZExportPlanInput.extend({ purpose: ZPurpose });
export type TCreateExport = z.input<typeof ZCreateExport>;

export const BUILD_JOB_KIND = "exports.build";

export interface CreatedExport {
  id: string;
  status: "approved" | "pending_approval";
  plan: ExportPlan;
}

export async function createExport(acting: Acting, input: TCreateExport): Promise<CreatedExport> {
  const { actor } = acting;
  if (!can(actor, "export.request")) {
    throw await refuse(
      acting,
      refusal(
        { attempted: "request_export", privacyTier: "none", resource: "export:new" },
        "forbidden",
        "Your role does not request exports (export.request)",
      ),
    );
  }
  const q = ZCreateExport.parse(input);
  const plan = await planExport(actor, q);
  if (plan.overCap) {
    throw new AppError(
      "validation_failed",
      `More than ${plan.rowCap.toLocaleString("en-US")} rows match: the cap for a ${plan.capTier} export. Narrow the filters or mask or drop the ${plan.capTier} columns`,
      { field: "filters" },
    );
  }
  const id = newId("exp");
  const status = plan.approvalRequired ? "pending_approval" : "approved";
  const at = now();
  await commitWithLedger(async ({ tx, record }) => {
    await tx.export.create({
      data: {
        id,
        requesterId: actor.id,
        datasetKey: plan.datasetKey,
        datasetVersion: plan.datasetVersion,
        columns: JSON.stringify(plan.columns),
        filters: JSON.stringify(plan.filters),
        format: plan.format,
        purpose: q.purpose,
        options: JSON.stringify(plan.options),
        status,
        approvalRequired: plan.approvalRequired,
        approvalReasons: JSON.stringify(plan.approvalReasons),
        policyVersion: plan.policyVersion,
        accessVersion: plan.accessVersion,
        rowEstimate: plan.rowEstimate,
        rowCap: plan.rowCap,
        createdAt: at,
        updatedAt: at,
      },
    });
    const acts = { id, columns: plan.columns };
    record(
      exportEntry(acting, acts, {
        action: "exports.requested",
        purpose: q.purpose,
        payload: {
          dataset: plan.ref,
          format: plan.format,
          // Filter names only: their values (a city, say) are not the ledger's to repeat.
          filters: Object.keys(plan.filters).sort(),
          columns: plan.columns.map((c) => ({ name: c.name, tier: c.tier, treatment: c.treatment, rule: c.treatment === "masked" ? c.rule : null })),
          approval_required: plan.approvalRequired,
          row_estimate: plan.rowEstimate,
          row_cap: plan.rowCap,
          policy_version: plan.policyVersion,
          access_version: plan.accessVersion,
        },
      }),
    );
    if (plan.approvalRequired) {
      await notifyPrivacyAdmins(
        {
          kind: "exports.approval_needed",
          title: `Export ${id} needs approval`,
          body: `${plan.ref} (${plan.format.toUpperCase()}, about ${plan.rowEstimate} rows): ${plan.approvalReasons.join("; ")}.`,
          href: `/exports/approvals`,
        },
        { except: actor.id, tx },
      );
    } else {
      await enqueueJob({ kind: BUILD_JOB_KIND, payload: { exportId: id } }, tx);
    }
  });
  return { id, status, plan };
}
