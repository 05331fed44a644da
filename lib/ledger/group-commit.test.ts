// Group commit (decision 022): appends that arrive together are sealed in one transaction, each caller's entries
// contiguous and its own; if that transaction fails, every caller in it gets the error and nothing is stored; the
// chain then continues from where it stood, with no gap.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toErrorResponse } from "@/lib/core/errors";
import { dbTarget, getDb } from "@/lib/db/client";
import { dialect, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { appendLedgerEntries, appendLedgerEntry } from "./append";
import type { LedgerDraft, LedgerEntry } from "./entry";
import { ledgerStore, type LedgerSideWrite } from "./store";
import { verifyLedger } from "./verify";

const draft = (requestId: string): LedgerDraft => ({
  actorId: null,
  actorRole: "system",
  action: "test.group_commit",
  privacyTier: "none",
  resource: "test",
  purpose: "group commit test",
  decision: "allow",
  requestId,
  payload: { n: requestId },
});

const REFUSE_INSERTS = {
  sqlite: "CREATE TRIGGER test_group_down BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END;",
  pg: "CREATE FUNCTION test_group_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ledger unavailable'; END; $$; CREATE TRIGGER test_group_down BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION test_group_down();",
};
const ALLOW_INSERTS = {
  sqlite: "DROP TRIGGER test_group_down",
  pg: "DROP TRIGGER test_group_down ON ledger_entries; DROP FUNCTION test_group_down();",
};
const sql = (s: { sqlite: string; pg: string }) => (dialect() === "sqlite" ? s.sqlite : s.pg);

/** Settles every promise; the fulfilled values and the rejections, in call order. */
async function settle<T>(promises: Array<Promise<T>>) {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : [])),
  };
}

describe("ledger group commit", () => {
  it("gives each of many concurrent callers its own contiguous entries, in one chain that verifies", async () => {
    const run = randomUUID();
    const before = await ledgerHeadSeq();
    const commitsBefore = ledgerStore(dbTarget()).commits;
    const calls = Array.from({ length: 40 }, (_, i) => appendLedgerEntries([draft(`${run}-${i}-a`), draft(`${run}-${i}-b`), draft(`${run}-${i}-c`)]));
    const results = await Promise.all(calls);
    results.forEach((entries, i) => {
      expect(entries.map((e) => e.requestId)).toEqual([`${run}-${i}-a`, `${run}-${i}-b`, `${run}-${i}-c`]);
      expect(entries[1].seq).toBe(entries[0].seq + 1);
      expect(entries[2].seq).toBe(entries[1].seq + 1);
      expect(entries[1].prevHash).toBe(entries[0].entryHash);
    });
    const seqs = results
      .flat()
      .map((e) => e.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => before + 1 + i)); // all there, once, no gap
    expect(await ledgerHeadSeq()).toBe(before + 120);
    // Written together: far fewer transactions than callers.
    expect(ledgerStore(dbTarget()).commits - commitsBefore).toBeLessThan(40);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("fails every queued caller when the ledger refuses the write, stores nothing, and resumes with no gap", async () => {
    const run = randomUUID();
    const before = await ledgerHeadSeq();
    await rawExec(sql(REFUSE_INSERTS));
    let down: Awaited<ReturnType<typeof settle<LedgerEntry>>>;
    try {
      down = await settle(Array.from({ length: 25 }, (_, i) => appendLedgerEntry(draft(`${run}-down-${i}`))));
    } finally {
      await rawExec(sql(ALLOW_INSERTS));
    }
    expect(down.ok).toEqual([]);
    expect(down.errors).toHaveLength(25);
    for (const err of down.errors) {
      expect(toErrorResponse(err)).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
      expect(String((err as Error).cause)).toMatch(/ledger unavailable/);
    }
    expect(await ledgerHeadSeq()).toBe(before);

    const up = await Promise.all(Array.from({ length: 10 }, (_, i) => appendLedgerEntry(draft(`${run}-up-${i}`))));
    expect(up.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => before + 1 + i));
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("runs a side write with its own caller's entries only; a side write that throws fails only that caller", async () => {
    const run = randomUUID();
    const before = await ledgerHeadSeq();
    const seen: number[][] = [];
    const recording: LedgerSideWrite = {
      sqlite: (_db, entries) => void seen.push(entries.map((e) => e.seq)),
      pg: async (_client, entries) => void seen.push(entries.map((e) => e.seq)),
    };
    const failing: LedgerSideWrite = {
      sqlite: () => {
        throw new Error("receipt refused");
      },
      pg: async () => {
        throw new Error("receipt refused");
      },
    };
    const results = await Promise.allSettled([
      appendLedgerEntry(draft(`${run}-1`)),
      appendLedgerEntries([draft(`${run}-2a`), draft(`${run}-2b`)], recording),
      appendLedgerEntries([draft(`${run}-3`)], failing),
      appendLedgerEntry(draft(`${run}-4`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const withSide = (results[1] as PromiseFulfilledResult<LedgerEntry[]>).value;
    expect(seen).toEqual([withSide.map((e) => e.seq)]);
    expect(await ledgerHeadSeq()).toBe(before + 4);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("stores quotes, backslashes and any Unicode exactly as hashed (PostgreSQL writes them as escaped literals)", async () => {
    const tricky = `O'Brien's ticket \\ E'\\x41' "quoted" ; COMMIT; -- ü 😀 ∑`;
    const [entry] = await appendLedgerEntries([
      { ...draft(`${randomUUID()}-tricky`), purpose: tricky, payload: { note: tricky, path: "C:\\tmp\\x" } },
    ]);
    const stored = await getDb().ledgerEntry.findUniqueOrThrow({ where: { seq: entry.seq } });
    expect(stored.purpose).toBe(tricky);
    expect(stored.payload).toBe(entry.payload);
    expect(stored.entryHash).toBe(entry.entryHash);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("stores a batch of 123 entries (several rows per INSERT, then single rows) exactly as sealed, with its side write", async () => {
    const tag = randomUUID();
    const drafts = Array.from({ length: 123 }, (_, i) => ({ ...draft(`${tag}-${i}`), purpose: i % 2 ? `p ${i} ü` : "", rowCount: i }));
    let sideSaw = 0;
    const side: LedgerSideWrite = {
      sqlite: (_db, entries) => void (sideSaw = entries.length),
      pg: async (_client, entries) => void (sideSaw = entries.length),
    };
    const entries = await appendLedgerEntries(drafts, side);
    expect(sideSaw).toBe(123);
    expect(entries.map((e) => e.seq - entries[0].seq)).toEqual(drafts.map((_, i) => i));
    const stored = await getDb().ledgerEntry.findMany({ where: { requestId: { startsWith: tag } }, orderBy: { seq: "asc" } });
    expect(stored.map((r) => [r.seq, r.requestId, r.purpose, r.rowCount, r.payload, r.entryHash])).toEqual(
      entries.map((e) => [e.seq, e.requestId, e.purpose, e.rowCount, e.payload, e.entryHash]),
    );
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });
});
