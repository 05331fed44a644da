// Housekeeping every minute, off the request path: anonymous sign-in failures over the ledger budget are written
// as their aggregate entries once their minute is over; stale rate-limit counters and old sessions are dropped.
// The persisted job runner (lib/jobs, next) will take these over; until then a timer per instance is enough,
// because each task claims its rows atomically.
import { flushAnonymousAggregates } from "@/lib/auth/anonymous-aggregates";
import { pruneRateLimits } from "@/lib/auth/rate-limits";
import { pruneSessions } from "@/lib/auth/sessions";

const EVERY_MS = 60_000;
let started = false;

export function startMaintenance(): void {
  if (started) return;
  started = true;
  const run = async () => {
    try {
      await flushAnonymousAggregates();
      await pruneRateLimits(Date.now());
      await pruneSessions();
    } catch (err) {
      console.error("[warden] maintenance failed (will retry)", err instanceof Error ? err.message : err);
    }
  };
  setInterval(() => void run(), EVERY_MS).unref();
}
