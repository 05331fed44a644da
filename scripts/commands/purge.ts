// `warden purge --dry-run | --execute`: starts a purge run (trigger cli, the system actor) and runs it here through the
// job runner (so a server's runner and this command never run the same run twice), then prints the report summary.
// Exit 0 when the run completed; 1 with a one-line reason when it was refused, failed or was cancelled; 3 when the
// breaker tripped (the run waits for a privacy admin's approval on /purge). Cron: see README ("Nightly purge").
import { randomUUID } from "node:crypto";
import { purgeJobKinds } from "@/lib/holds/purge/job-kinds";
import { PURGE_RUN_KIND } from "@/lib/holds/purge/kinds";
import { getPurgeRun, type PurgeRunDetail } from "@/lib/holds/purge/read-purge-runs";
import { startPurgeRun } from "@/lib/holds/purge/start-purge-run";
import { oneLine, runDueJobs } from "@/lib/jobs/run-due-jobs";
import { parseFlags, UsageError } from "./args";

const n = (x: number) => x.toLocaleString("en-US");

export async function purge(args: string[]): Promise<number> {
  const flags = parseFlags(args, { "dry-run": { type: "boolean", default: false }, execute: { type: "boolean", default: false } });
  if (flags["dry-run"] === flags.execute) throw new UsageError("say --dry-run or --execute (one of them)");
  const mode = flags.execute ? "execute" : "dry_run";
  const { runId } = await startPurgeRun(
    { actor: null, meta: { requestId: `cli:${randomUUID()}`, ipHash: null, uaHash: null } },
    { mode, trigger: "cli" },
  );
  console.log(`purge: run ${runId} (${mode === "execute" ? "execute" : "dry-run"}) started`);

  let run: PurgeRunDetail | null = null;
  for (;;) {
    const outcomes = await runDueJobs({ kinds: purgeJobKinds.filter((k) => k.kind === PURGE_RUN_KIND) });
    const mine = outcomes.find((o) => o.summary?.runId === runId || o.error);
    if (mine?.outcome === "retrying")
      console.error(`purge: a try failed (${oneLine(mine.error ?? "")}); trying again at ${mine.nextRunAt?.toISOString()}`);
    run = await getPurgeRun(runId);
    if (!run || !["queued", "running"].includes(run.status)) break;
    // Another runner (a server's) has the job, or a retry is due later: wait for it.
    await new Promise((r) => setTimeout(r, 1_000));
  }
  if (!run) throw new Error(`purge run ${runId} vanished`);
  printSummary(run);
  switch (run.status) {
    case "completed":
      return 0;
    case "tripped":
      console.error(`warden purge: the circuit breaker stopped run ${runId}: ${run.trippedReason ?? ""}`);
      return 3;
    case "cancelled":
      console.error(`warden purge: run ${runId} was cancelled`);
      return 1;
    default:
      console.error(`warden purge: run ${runId} ${run.status}: ${oneLine(run.error ?? "")}`);
      return 1;
  }
}

function printSummary(run: PurgeRunDetail): void {
  const r = run.report;
  console.log(
    `purge: ${run.status}; candidates ${n(run.candidates)}, held back ${n(run.heldBack)}, deleted ${n(run.deleted)}` +
      (run.durationMs !== null ? `, ${(run.durationMs / 1000).toFixed(1)} s` : ""),
  );
  for (const d of r?.datasets ?? []) {
    if (d.skipped) {
      console.log(`  ${d.dataset}: skipped (${d.skipped})`);
      continue;
    }
    console.log(
      `  ${d.dataset} (policy ${d.policyId} v${d.policyVersion}): ${n(d.candidates)} candidates, ${n(d.heldBack)} held back` +
        (d.deleted !== undefined ? `, ${n(d.deleted)} deleted` : ""),
    );
    for (const reason of d.reasons) if (reason.candidates > 0) console.log(`      ${reason.reason}: ${n(reason.candidates)}`);
  }
  for (const h of r?.holds ?? []) if (h.heldBack > 0) console.log(`  held back by ${h.holdId} (${h.name}): ${n(h.heldBack)}`);
}
