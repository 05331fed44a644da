// `warden jobs status`: one line per kind of job: its schedule, last run, next run, what is queued and what failed.
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { listJobKindStatus, type JobKindStatus } from "@/lib/jobs/list-job-status";
import { oneLine } from "@/lib/jobs/run-due-jobs";
import { parseFlags } from "./args";

const COLUMNS: Array<[string, (s: JobKindStatus) => string]> = [
  ["kind", (s) => (s.known ? s.kind : `${s.kind} (not run here)`)],
  ["schedule", (s) => (s.everyMs ? `every ${duration(s.everyMs)}` : "one-off")],
  ["last run", (s) => (s.running ? `running since ${utc(s.running.since)}` : s.lastRun ? utc(s.lastRun.at) : "never")],
  ["outcome", (s) => s.lastRun?.outcome ?? "-"],
  ["took", (s) => (s.lastRun?.durationMs != null ? `${s.lastRun.durationMs} ms` : "-")],
  ["next run", (s) => (s.nextRunAt ? utc(s.nextRunAt) : "-")],
  ["queued", (s) => String(s.queued)],
  ["retrying", (s) => String(s.retrying)],
  ["failed (30 d)", (s) => String(s.failed)],
];

export async function jobsStatus(args: string[]): Promise<number> {
  parseFlags(args, {});
  const statuses = await listJobKindStatus(JOB_KINDS);
  const rows = statuses.map((s) => COLUMNS.map(([, cell]) => cell(s)));
  const header = COLUMNS.map(([name]) => name);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const line of [header, ...rows])
    console.log(
      line
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
  for (const s of statuses) if (s.lastRun?.error) console.log(`${s.kind}: last error: ${oneLine(s.lastRun.error)}`);
  return 0;
}

const utc = (iso: string) => `${iso.slice(0, 19).replace("T", " ")}Z`;

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
