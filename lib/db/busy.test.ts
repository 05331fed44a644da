import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { AppError, toErrorResponse } from "@/lib/core/errors";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { dbTarget, getDb } from "./client";
import { isBusyError, retryWhileBusy } from "./busy";

const sqlite = dbTarget().dialect === "sqlite";

/** Another connection (as another process would) holding the write lock until released. */
function holdWriteLock(): { release: () => void } {
  const t = dbTarget();
  if (t.dialect !== "sqlite") throw new Error("sqlite only");
  const other = new Database(t.path);
  other.exec("BEGIN IMMEDIATE");
  return {
    release: () => {
      other.exec("ROLLBACK");
      other.close();
    },
  };
}

/** Counts timer ticks while `work` runs: ticks only happen if the event loop is free. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ ticks: number; result: PromiseSettledResult<T> }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const [result] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { ticks, result };
}

describe("retryWhileBusy", () => {
  it("retries busy errors until they stop, and rethrows anything else at once", async () => {
    let calls = 0;
    const busy = Object.assign(new Error("locked"), { code: "SQLITE_BUSY" });
    await expect(retryWhileBusy(() => (++calls < 4 ? Promise.reject(busy) : "done"), { deadlineMs: 2_000 })).resolves.toBe("done");
    expect(calls).toBe(4);
    const other = new Error("no such table");
    await expect(retryWhileBusy(() => Promise.reject(other), { deadlineMs: 2_000 })).rejects.toBe(other);
  });

  it("gives up after the deadline with a 503 that names what was busy", async () => {
    const busy = Object.assign(new Error("locked"), { code: "SQLITE_BUSY_SNAPSHOT" });
    const err = await retryWhileBusy(() => Promise.reject(busy), { deadlineMs: 50, what: "the access ledger" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(toErrorResponse(err).status).toBe(503);
    expect((err as AppError).message).toMatch(/^The access ledger is busy/);
  });

  it("recognises busy errors from every driver", () => {
    expect(isBusyError({ code: "SQLITE_BUSY" })).toBe(true);
    expect(isBusyError({ code: "55P03" })).toBe(true); // PostgreSQL lock_not_available
    expect(isBusyError({ name: "DriverAdapterError", cause: { originalCode: "SQLITE_BUSY", kind: "SocketTimeout" } })).toBe(true);
    expect(isBusyError({ code: "SQLITE_CONSTRAINT" })).toBe(false);
    expect(isBusyError(null)).toBe(false);
  });
});

describe.skipIf(!sqlite)("a write lock held by another process (SQLite)", () => {
  it("a ledger append waits without blocking the event loop, fails closed with 503, and succeeds once released", async () => {
    const lock = holdWriteLock();
    let outcome;
    try {
      outcome = await ticksDuring(
        appendLedgerEntry({
          actorId: null,
          actorRole: "system",
          action: "test.lock_wait",
          privacyTier: "none",
          resource: "test",
          decision: "allow",
          requestId: "lock-test",
        }),
      );
    } finally {
      lock.release();
    }
    expect(outcome.result.status).toBe("rejected");
    const err = (outcome.result as PromiseRejectedResult).reason;
    expect(toErrorResponse(err).status).toBe(503);
    // ~1.5 s of waiting at 10 ms per tick: the loop kept turning (a synchronous busy wait would give 0).
    expect(outcome.ticks).toBeGreaterThan(20);
    await expect(
      appendLedgerEntry({
        actorId: null,
        actorRole: "system",
        action: "test.lock_wait",
        privacyTier: "none",
        resource: "test",
        decision: "allow",
        requestId: "lock-test-2",
      }),
    ).resolves.toMatchObject({ action: "test.lock_wait" });
  });

  it("a Prisma write waits the same way and fails with a 503, while reads go on", async () => {
    const lock = holdWriteLock();
    let outcome;
    let readDuring: number | null = null;
    try {
      const write = getDb().rateLimit.create({ data: { key: `lock-test-${Date.now()}`, windowStart: 0n, count: 1, updatedAt: 0n } });
      readDuring = await getDb().user.count();
      outcome = await ticksDuring(write);
    } finally {
      lock.release();
    }
    expect(readDuring).toBeGreaterThanOrEqual(0);
    expect(outcome.result.status).toBe("rejected");
    expect(toErrorResponse((outcome.result as PromiseRejectedResult).reason).status).toBe(503);
    expect(outcome.ticks).toBeGreaterThan(20);
  });

  it("an interactive transaction takes the write lock up front and keeps other queries out until it ends", async () => {
    const key = `tx-test-${Date.now()}`;
    const order: string[] = [];
    let outside: Promise<unknown> = Promise.resolve();
    await getDb().$transaction(async (tx) => {
      await tx.rateLimit.create({ data: { key, windowStart: 0n, count: 1, updatedAt: 0n } });
      // A query from elsewhere in the process while the transaction is open must not run inside it.
      outside = getDb()
        .rateLimit.findUnique({ where: { key } })
        .then((r) => order.push(`outside saw ${r ? "row" : "nothing"}`));
      await new Promise((r) => setTimeout(r, 30));
      order.push("tx commits");
    });
    await outside;
    expect(order).toEqual(["tx commits", "outside saw row"]);
  });
});
