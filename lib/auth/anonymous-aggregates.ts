// Anonymous events over the ledger budget, counted per minute and client address in rate_limits
// (key agg:<minute>:<ipHash|*>) and written, once the minute is over, as ONE ledger entry
// `auth.anonymous_events_aggregated` carrying the count. Flushed by the next anonymous event and by the
// `auth.housekeeping` job (every minute, lib/job-kinds), so a flood that stops is still recorded within a minute or so.
import { Prisma } from "@db-client";
import { now } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { systemRequestMeta } from "./request-meta";
import { appendLedgerEntry } from "@/lib/ledger/append";

const PREFIX = "agg:";

export async function addToAggregate(a: { minute: number; ipHash: string | null; action: string; at: number }): Promise<void> {
  const key = `${PREFIX}${a.minute}:${a.ipHash ?? "*"}`;
  const now = BigInt(a.at);
  await getDb().$executeRaw(Prisma.sql`
    INSERT INTO rate_limits (key, window_start, count, locked_until, updated_at) VALUES (${key}, ${BigInt(a.minute)}, 1, NULL, ${now})
    ON CONFLICT (key) DO UPDATE SET count = rate_limits.count + 1, updated_at = ${now}`);
}

/** Writes one entry per finished minute and address; returns how many entries it wrote. */
export async function flushAnonymousAggregates(at = now().getTime()): Promise<number> {
  const db = getDb();
  const currentMinute = BigInt(Math.floor(at / 60_000) * 60_000);
  const due = await db.rateLimit.findMany({
    where: { key: { gte: PREFIX, lt: "agg;" }, windowStart: { lt: currentMinute } },
    select: { key: true, windowStart: true },
    take: 500,
  });
  let written = 0;
  for (const row of due) {
    // Claim the row by deleting it, so two instances flushing at once write it once.
    const claimed = await db.$queryRaw<Array<{ count: unknown }>>(Prisma.sql`DELETE FROM rate_limits WHERE key = ${row.key} RETURNING count`);
    const count = Number(claimed[0]?.count ?? 0);
    if (count === 0) continue;
    const ipHash = row.key.slice(row.key.lastIndexOf(":") + 1);
    const start = new Date(Number(row.windowStart));
    try {
      await appendLedgerEntry({
        actorId: null,
        actorRole: "anonymous",
        action: "auth.anonymous_events_aggregated",
        privacyTier: "none",
        resource: "user:unknown",
        purpose: "sign-in",
        decision: "deny",
        requestId: systemRequestMeta().requestId,
        ipHash: ipHash === "*" ? null : ipHash,
        uaHash: null,
        rowCount: count,
        payload: {
          count,
          window_start: start.toISOString(),
          window_end: new Date(start.getTime() + 60_000).toISOString(),
          scope: ipHash === "*" ? "all_addresses" : "one_address",
        },
      });
      written++;
    } catch (err) {
      // Put the count back so the next flush records it; the ledger is never silently short.
      await db.$executeRaw(Prisma.sql`
        INSERT INTO rate_limits (key, window_start, count, locked_until, updated_at) VALUES (${row.key}, ${row.windowStart}, ${count}, NULL, ${BigInt(at)})
        ON CONFLICT (key) DO UPDATE SET count = rate_limits.count + ${count}`);
      throw err;
    }
  }
  return written;
}
