// The gateway's own count of the restricted decisions it served, per UTC hour and ledger action (issue 10,
// decision 036): the governance SLI "PII-restricted access logged" compares it with the ledger. The hot path is a
// Map increment (the gateway is benchmarked); the counts reach gateway_decision_tallies by an upsert that ADDS, on
// a short unref'd timer, when the SLA evaluation starts, and when the process ends, so several instances each add
// their own and none overwrites another's.
import { getDb } from "@/lib/db/client";

/** How long counts wait in memory before they are written (a crash loses at most this much of the tally). */
export const TALLY_FLUSH_MS = 5_000;
const HOUR_MS = 3_600_000;

const pending = new Map<string, number>();
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<number> = Promise.resolve(0);
let exitHooked = false;

/** Counts one decision: call it after the decision's ledger append has succeeded (deny, mask or allow). */
export function tallyGatewayDecision(action: string, at: Date): void {
  const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  const key = `${hour}|${action}`;
  pending.set(key, (pending.get(key) ?? 0) + 1);
  if (!timer) {
    timer = setTimeout(() => {
      timer = null;
      void flushDecisionTally().catch((err: unknown) => console.error("[warden] gateway decision tally flush failed", err));
    }, TALLY_FLUSH_MS);
    timer.unref();
  }
  if (!exitHooked) hookExit();
}

/**
 * Writes the counts gathered so far (adding to what is stored) and returns how many decisions it wrote. Flushes are
 * chained, so two callers never write the same counts twice; counts that fail to write go back into the Map.
 */
export function flushDecisionTally(): Promise<number> {
  flushing = flushing.catch(() => 0).then(writePending);
  return flushing;
}

async function writePending(): Promise<number> {
  if (pending.size === 0) return 0;
  const batch = [...pending];
  pending.clear();
  let written = 0;
  for (let i = 0; i < batch.length; i++) {
    const [key, n] = batch[i];
    const [hour, action] = splitKey(key);
    const hourStart = new Date(hour);
    try {
      await addToRow(hourStart, action, n);
    } catch (err) {
      // What was not written goes back, to be added by the next flush.
      for (const [k, m] of batch.slice(i)) pending.set(k, (pending.get(k) ?? 0) + m);
      throw err;
    }
    written += n;
  }
  return written;
}

// Insert, or add when the row exists: the UPDATE's increment is atomic, so instances adding to the same row at once
// each keep theirs (a plain upsert can lose the race between its read and its insert on PostgreSQL).
async function addToRow(hourStart: Date, action: string, n: number): Promise<void> {
  const db = getDb();
  const where = { hourStart_action: { hourStart, action } };
  const updated = await db.gatewayDecisionTally.updateMany({ where: { hourStart, action }, data: { decisions: { increment: n } } });
  if (updated.count > 0) return;
  try {
    await db.gatewayDecisionTally.create({ data: { hourStart, action, decisions: n } });
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    await db.gatewayDecisionTally.update({ where, data: { decisions: { increment: n } } });
  }
}

function splitKey(key: string): [number, string] {
  const bar = key.indexOf("|");
  return [Number(key.slice(0, bar)), key.slice(bar + 1)];
}

/** Counts not yet written (for tests and the exit hook). */
export function pendingDecisionTally(): number {
  let n = 0;
  for (const v of pending.values()) n += v;
  return n;
}

// At a natural end (a CLI command) the event loop empties and beforeExit may still write. A server stops on a
// signal: only where the process already handles that signal (scripts/server.ts closes, then exits after up to
// 3 s) is a listener added, since a listener of ours alone would stop the default exit on SIGTERM/SIGINT.
function hookExit(): void {
  exitHooked = true;
  const flushQuietly = () =>
    void flushDecisionTally().catch((err: unknown) => console.error("[warden] gateway decision tally flush failed at exit", err));
  process.once("beforeExit", flushQuietly);
  for (const signal of ["SIGTERM", "SIGINT"] as const) if (process.listenerCount(signal) > 0) process.once(signal, flushQuietly);
}
