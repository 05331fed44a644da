// Starts a purge run (dry-run or execute): a queued purge_runs row, its `purge.run_started` entry and the job that runs
// it, in one unit of work. One run at a time: a start while another run is queued, running or tripped is refused (409).
import { z } from "zod";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { can } from "@/lib/core/permissions";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { refusal } from "@/lib/scopes/record-refusal";
import { PURGE_MODES, PURGE_TRIGGERS, type PurgeMode, type PurgeTrigger } from "../types";
import { PURGE_RUN_KIND, PURGE_RUN_MAX_ATTEMPTS } from "./kinds";
import { purgeEntry } from "./purge-entry";
import { commitPurge, lockPurgeRuns, OPEN_STATUSES, purgeRefusalContext, type PurgeActing } from "./purge-internals";

export const ZStartPurgeRun = z.object({
  mode: z.enum(PURGE_MODES, { message: "mode must be dry_run or execute" }),
  trigger: z.enum(PURGE_TRIGGERS),
});

export async function startPurgeRun(acting: PurgeActing, input: { mode: PurgeMode; trigger: PurgeTrigger }): Promise<{ runId: string }> {
  const ctx = purgeRefusalContext("start_purge_run", null);
  const { result } = await commitPurge(acting, async ({ tx, record }) => {
    if (acting.actor && !can(acting.actor, "purge.run")) throw refusal(ctx, "forbidden", "Only privacy admins start purge runs (purge.run)");
    const parsed = ZStartPurgeRun.safeParse(input);
    if (!parsed.success) throw refusal(ctx, "validation_failed", parsed.error.issues[0].message, String(parsed.error.issues[0].path[0] ?? "mode"));
    await lockPurgeRuns(tx);
    const open = await tx.purgeRun.findFirst({
      where: { status: { in: [...OPEN_STATUSES] } },
      orderBy: { createdAt: "asc" },
      select: { id: true, status: true, mode: true },
    });
    if (open) {
      throw refusal(
        { ...ctx, payload: { open_run: open.id } },
        "conflict",
        `Another purge run (${open.id}, ${open.mode === "dry_run" ? "dry-run" : "execute"}) is ${open.status}; wait for it to finish${open.status === "tripped" ? ", or approve or cancel it" : ""} before starting another.`,
        "mode",
      );
    }
    const id = newId("prg");
    const at = now();
    await tx.purgeRun.create({
      data: {
        id,
        mode: parsed.data.mode,
        status: "queued",
        trigger: parsed.data.trigger,
        startedById: acting.actor?.id ?? null,
        createdAt: at,
        updatedAt: at,
      },
    });
    await enqueueJob({ kind: PURGE_RUN_KIND, payload: { runId: id }, dedupeKey: `${PURGE_RUN_KIND}:${id}`, maxAttempts: PURGE_RUN_MAX_ATTEMPTS }, tx);
    record(purgeEntry(acting.actor, acting.meta, id, "purge.run_started", { mode: parsed.data.mode, trigger: parsed.data.trigger }));
    return { runId: id };
  });
  return result;
}
