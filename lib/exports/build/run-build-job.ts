// The job's side of a build: which export, and what a failed try leaves. A try that throws is recorded as
// `exports.build_failed` (with whether another try follows); the last one, or one that no retry can fix (the export
// is invalid, or more rows than its cap now match), fails the export and deletes whatever the try wrote.
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import { exportEntry } from "../export-internals";
import type { JobContext } from "@/lib/jobs/job-kind";
import { readExport } from "../export-record";
import { exportDir } from "../files";
import { buildExport, SupersededError, type BuildSummary } from "./build-export";
import { removeDir } from "./durable-file";
import { EXPORT_BUILD_MAX_ATTEMPTS } from "./kinds";
import { ledgerPurpose } from "./ledger-purpose";

const PERMANENT = new Set(["validation_failed", "not_found", "too_large"]);

export async function runExportBuildJob(ctx: Pick<JobContext, "jobId" | "attempt" | "payload">): Promise<BuildSummary> {
  const exportId = typeof ctx.payload.exportId === "string" ? ctx.payload.exportId : "";
  if (!/^exp_[0-9a-z]+$/.test(exportId)) throw new Error("The job's payload has no exportId");
  const meta: RequestMeta = { requestId: `job:${ctx.jobId}`, ipHash: null, uaHash: null };
  try {
    return await buildExport(exportId, { meta });
  } catch (err) {
    if (err instanceof SupersededError) return { exportId, built: false, skipped: "another try took this build over" };
    const final = ctx.attempt >= EXPORT_BUILD_MAX_ATTEMPTS || (err instanceof AppError && PERMANENT.has(err.code));
    await recordBuildFailure(exportId, meta, err, final);
    throw err;
  }
}

/** Deletes what the try wrote and records the failure; the export fails only when no try follows. */
export async function recordBuildFailure(exportId: string, meta: RequestMeta, err: unknown, final: boolean): Promise<void> {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ").slice(0, 500) || "The build failed";
  await removeDir(exportDir(exportId));
  const exp = await readExport(exportId);
  await commitWithLedger(async ({ tx, record }) => {
    const at = now();
    const moved = await tx.export.updateMany({
      where: { id: exportId, status: { in: ["approved", "building"] } },
      data: final ? { status: "failed", error: message, updatedAt: at } : { error: message, updatedAt: at },
    });
    if (moved.count === 0) return;
    record(
      exportEntry({ actor: null, meta }, exp, {
        action: "exports.build_failed",
        purpose: ledgerPurpose(exp.purpose),
        payload: { attempt: exp.buildAttempts, final, error: message.slice(0, 200) },
      }),
    );
  });
}
