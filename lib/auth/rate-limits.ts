// Counters in the console database (rate_limits), so every instance behind a load balancer shares them.
// Keys never hold raw identifiers: client addresses enter as keyed hashes, accounts and devices as opaque ids.
import { retryWhileBusy } from "@/lib/db/busy";
import { dbTarget, getDb } from "@/lib/db/client";
import { queryRaw } from "@/lib/db/raw";

export interface SlotLimit {
  /** Slots per window; a key that has used them all is locked for lockMs. */
  max: number;
  windowMs: number;
  lockMs: number;
}

const ms = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Takes one of the key's slots BEFORE the guarded work (a password check) in one conditional UPDATE: parallel
 * attempts cannot all pass a "not locked yet" read; at most `max` are ever let through per window.
 * False when the key is locked or every slot is taken.
 */
export async function reserveSlot(key: string, limit: SlotLimit, at: number): Promise<boolean> {
  const db = getDb();
  const now = BigInt(at);
  await db.$executeRaw`INSERT INTO rate_limits (key, window_start, count, locked_until, updated_at)
    VALUES (${key}, ${now}, 0, NULL, ${now}) ON CONFLICT (key) DO NOTHING`;
  // A window or lock that has run out starts afresh.
  await db.rateLimit.updateMany({
    where: {
      key,
      OR: [{ lockedUntil: { lte: now } }, { lockedUntil: null, windowStart: { lte: now - BigInt(limit.windowMs) } }],
    },
    data: { count: 0, windowStart: now, lockedUntil: null, updatedAt: now },
  });
  const taken = await db.rateLimit.updateMany({
    where: { key, count: { lt: limit.max }, lockedUntil: null },
    data: { count: { increment: 1 }, updatedAt: now },
  });
  return taken.count === 1;
}

/** After a failure: locks the key once its slots are used up. True only for the call that set the lock. */
export async function lockIfExhausted(key: string, limit: SlotLimit, at: number): Promise<number | null> {
  const now = BigInt(at);
  const lockedUntil = at + limit.lockMs;
  const locked = await getDb().rateLimit.updateMany({
    where: { key, count: { gte: limit.max }, lockedUntil: null },
    data: { lockedUntil: BigInt(lockedUntil), updatedAt: now },
  });
  return locked.count === 1 ? lockedUntil : null;
}

/**
 * Counts one event in a fixed window (no reservation), returning the count including this one. On the raw driver (one
 * prepared statement): every machine API call counts here, and Prisma's raw query cost about as much as the write.
 */
export async function countEvent(key: string, windowMs: number, at: number): Promise<number> {
  const floor = at - windowMs;
  const rows = await retryWhileBusy(() => queryRaw<{ count: unknown }>(dbTarget(), COUNT_EVENT_SQL, [key, at, at, floor, floor, at, at]), {
    what: "the console database",
  });
  return Number(rows[0]?.count ?? 1);
}

const COUNT_EVENT_SQL = `INSERT INTO rate_limits (key, window_start, count, locked_until, updated_at) VALUES (?, ?, 1, NULL, ?)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.count + 1 END,
  window_start = CASE WHEN rate_limits.window_start <= ? THEN ? ELSE rate_limits.window_start END,
  updated_at = ?
RETURNING count`;

/** Locks a key until the given time (per-address lock); true for the call that set it. */
export async function lockKeyUntil(key: string, until: number, at: number): Promise<boolean> {
  const locked = await getDb().rateLimit.updateMany({
    where: { key, OR: [{ lockedUntil: null }, { lockedUntil: { lte: BigInt(at) } }] },
    data: { lockedUntil: BigInt(until), updatedAt: BigInt(at) },
  });
  return locked.count === 1;
}

export async function lockedUntil(key: string, at: number): Promise<number | null> {
  const row = await getDb().rateLimit.findUnique({ where: { key }, select: { lockedUntil: true } });
  const until = ms(row?.lockedUntil);
  return until !== null && until > at ? until : null;
}

export async function clearKey(key: string): Promise<void> {
  await getDb().rateLimit.deleteMany({ where: { key } });
}

/** Drops counters nobody has touched for a day (maintenance; the keys are recreated on demand). */
export async function pruneRateLimits(at: number): Promise<number> {
  const r = await getDb().rateLimit.deleteMany({
    where: { updatedAt: { lt: BigInt(at - 86_400_000) }, NOT: { key: { startsWith: "agg:" } } },
  });
  return r.count;
}
