// The nightly schedule: one execute run per day, started by the first check inside the hour WARDEN_PURGE_HOUR_UTC
// (UTC). A day whose slot already has a scheduled run is left alone; a slot that meets another run still open (a
// tripped one waiting for approval) is retried at the next check within the hour. A deployment down for that whole hour
// skips that night rather than purging at an unexpected time (the next night catches up: retention only grows).
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { getDb } from "@/lib/db/client";
import { startPurgeRun } from "./start-purge-run";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The latest daily slot (hourUtc:00 UTC) at or before `at`. */
export function lastSlot(at: Date, hourUtc = env().purgeHourUtc): Date {
  const slot = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), hourUtc);
  return new Date(slot <= at.getTime() ? slot : slot - DAY_MS);
}

const scheduledSince = (slot: Date) => getDb().purgeRun.findFirst({ where: { trigger: "schedule", createdAt: { gte: slot } }, select: { id: true } });

export async function startNightlyPurge(at: Date, jobId: string): Promise<Record<string, unknown>> {
  const slot = lastSlot(at);
  if (at.getTime() >= slot.getTime() + HOUR_MS) return { slot: slot.toISOString(), started: false, skipped: "outside the purge hour" };
  const done = await scheduledSince(slot);
  if (done) return { slot: slot.toISOString(), run: done.id, started: false };
  try {
    const { runId } = await startPurgeRun(
      { actor: null, meta: { requestId: `job:${jobId}`, ipHash: null, uaHash: null } },
      { mode: "execute", trigger: "schedule" },
    );
    return { slot: slot.toISOString(), run: runId, started: true };
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") return { slot: slot.toISOString(), started: false, skipped: "another run is open" };
    throw err;
  }
}

/** When the nightly run next starts: now while tonight's hour is on and it has not started, else the next slot. */
export async function nextScheduledPurge(at: Date = now()): Promise<Date> {
  const slot = lastSlot(at);
  if (at.getTime() < slot.getTime() + HOUR_MS && !(await scheduledSince(slot))) return at;
  return new Date(slot.getTime() + DAY_MS);
}
