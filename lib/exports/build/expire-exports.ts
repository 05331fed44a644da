// The recurring `exports.expire` job (issue 8 §3): a ready export's files are deleted at its expiresAt, the export
// becomes `expired` with fileDeletedAt, and `exports.expired` records it, in one unit of work (the directory is
// deleted inside the transaction, so a failed delete changes nothing and the next run tries again). It also fails
// builds left `building` with no job to finish them (every try's runner died), so none hangs forever.
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import { exportEntry } from "../export-internals";
import { toExportRecord } from "../export-record";
import { exportDir } from "../files";
import { removeDir } from "./durable-file";
import { EXPORT_BUILD_KIND } from "./kinds";
import { ledgerPurpose } from "./ledger-purpose";
import { recordBuildFailure } from "./run-build-job";

const BATCH = 100;
/** A build whose progress has not moved for this long, with no live job, is abandoned (the lease is 2 minutes). */
export const STALLED_BUILD_MS = 15 * 60_000;

export async function expireExports(at: Date, meta: RequestMeta): Promise<{ expired: number; abandonedBuilds: number }> {
  let expired = 0;
  for (;;) {
    const due = await getDb().export.findMany({ where: { status: "ready", expiresAt: { lte: at } }, orderBy: { expiresAt: "asc" }, take: BATCH });
    for (const row of due) {
      const exp = toExportRecord(row);
      const { result } = await commitWithLedger(async ({ tx, record }) => {
        const deletedAt = now();
        const moved = await tx.export.updateMany({
          where: { id: exp.id, status: "ready" },
          data: { status: "expired", fileDeletedAt: deletedAt, updatedAt: deletedAt },
        });
        if (moved.count === 0) return false;
        await removeDir(exportDir(exp.id));
        record(
          exportEntry({ actor: null, meta }, exp, {
            action: "exports.expired",
            purpose: ledgerPurpose(exp.purpose),
            payload: { sha256: exp.fileSha256, expires_at: exp.expiresAt?.toISOString() ?? null, file_deleted: true },
          }),
        );
        return true;
      });
      if (result) expired++;
    }
    if (due.length < BATCH) break;
  }
  return { expired, abandonedBuilds: await failAbandonedBuilds(at, meta) };
}

async function failAbandonedBuilds(at: Date, meta: RequestMeta): Promise<number> {
  const stalled = await getDb().export.findMany({
    where: { status: "building", updatedAt: { lt: new Date(at.getTime() - STALLED_BUILD_MS) } },
    select: { id: true },
    take: BATCH,
  });
  let failed = 0;
  for (const { id } of stalled) {
    const live = await getDb().job.count({
      where: { kind: EXPORT_BUILD_KIND, status: { in: ["queued", "running"] }, payload: { contains: `"${id}"` } },
    });
    if (live > 0) continue;
    await recordBuildFailure(id, meta, new Error("The build stopped (its runner died on its last try) and no try is left"), true);
    failed++;
  }
  return failed;
}
