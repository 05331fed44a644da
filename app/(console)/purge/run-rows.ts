// Purge runs as the table shows them: formatted times and durations, and whether the run is still counting.
import { formatUtc } from "@/components/data/format";
import type { PurgeRunRow } from "@/lib/holds/purge/read-purge-runs";
import type { PurgeRunTableRow } from "./purge-table";

export function durationText(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function toPurgeRunRows(runs: readonly PurgeRunRow[]): PurgeRunTableRow[] {
  return runs.map((r) => ({
    id: r.id,
    mode: r.mode,
    status: r.status,
    trigger: r.trigger === "schedule" ? "nightly schedule" : r.trigger === "cli" ? "command line" : (r.startedByEmail ?? "console"),
    startedText: formatUtc(r.startedAt ?? r.createdAt),
    candidates: r.candidates,
    deleted: r.deleted,
    heldBack: r.heldBack,
    progressDone: r.progressDone,
    progressTotal: r.progressTotal,
    counting: !r.counted,
    durationText: durationText(r.durationMs),
  }));
}
