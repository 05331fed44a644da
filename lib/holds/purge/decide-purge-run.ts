// A privacy admin approves a tripped run (it continues where it stopped) or cancels a run that has not finished (a
// running execute run stops before its next batch; what it deleted stays deleted, with its tombstones). The person who
// started a run may not approve it past the breaker: the breaker exists to make a second person look (law 3's spirit);
// a run the schedule or the CLI started may be approved by any privacy admin.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { commitOrRefuse, refusal } from "@/lib/scopes/record-refusal";
import { PURGE_RUN_KIND, PURGE_RUN_MAX_ATTEMPTS } from "./kinds";
import { purgeEntry } from "./purge-entry";
import { lockPurgeRuns, purgeRefusalContext } from "./purge-internals";

const ZReason = z.string().trim().min(1, "Say why").max(500, "Keep the reason under 500 characters");

export async function approvePurgeRun(acting: Acting, input: { runId: string; reason: string }): Promise<void> {
  const runId = String(input.runId ?? "").slice(0, 100);
  const ctx = purgeRefusalContext("approve_purge_run", runId);
  await commitOrRefuse(acting, async ({ tx, record }) => {
    if (!can(acting.actor, "purge.approve")) throw refusal(ctx, "forbidden", "Only privacy admins approve purge runs (purge.approve)");
    const reason = ZReason.safeParse(input.reason);
    if (!reason.success) throw refusal(ctx, "validation_failed", reason.error.issues[0].message, "reason");
    await lockPurgeRuns(tx);
    const run = await tx.purgeRun.findUnique({ where: { id: runId } });
    if (!run) throw refusal(ctx, "not_found", "No such purge run", "runId");
    if (run.status !== "tripped") throw refusal(ctx, "conflict", `Only a tripped run waits for approval; this one is ${run.status}`, "runId");
    if (run.startedById === acting.actor.id)
      throw refusal(ctx, "forbidden", "You started this run: another privacy admin must approve it past the breaker", "runId");
    const at = now();
    await tx.purgeRun.update({ where: { id: runId }, data: { status: "running", approvedById: acting.actor.id, approvedAt: at, updatedAt: at } });
    await enqueueJob(
      { kind: PURGE_RUN_KIND, payload: { runId }, dedupeKey: `${PURGE_RUN_KIND}:${runId}:approved`, maxAttempts: PURGE_RUN_MAX_ATTEMPTS },
      tx,
    );
    record(
      purgeEntry(acting.actor, acting.meta, runId, "purge.run_approved", { to_delete: run.progressTotal, limit: run.breakerLimit }, reason.data),
    );
  });
}

export async function cancelPurgeRun(acting: Acting, input: { runId: string }): Promise<void> {
  const runId = String(input.runId ?? "").slice(0, 100);
  const ctx = purgeRefusalContext("cancel_purge_run", runId);
  await commitOrRefuse(acting, async ({ tx, record }) => {
    if (!can(acting.actor, "purge.run")) throw refusal(ctx, "forbidden", "Only privacy admins cancel purge runs (purge.run)");
    await lockPurgeRuns(tx);
    const run = await tx.purgeRun.findUnique({ where: { id: runId } });
    if (!run) throw refusal(ctx, "not_found", "No such purge run", "runId");
    if (!["queued", "running", "tripped"].includes(run.status)) throw refusal(ctx, "conflict", `This run is already ${run.status}`, "runId");
    const at = now();
    await tx.purgeRun.update({ where: { id: runId }, data: { status: "cancelled", finishedAt: at, updatedAt: at } });
    record(purgeEntry(acting.actor, acting.meta, runId, "purge.run_cancelled", { was: run.status, deleted: run.deleted }));
  });
}
