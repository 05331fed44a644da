import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { dbTarget, getDb } from "@/lib/db/client";
import { dialect, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { appendLedgerEntries, appendLedgerEntry } from "./append";
import { canonicalEntry, GENESIS_HASH, hashEntry, type LedgerDraft } from "./entry";
import { verifyLedger } from "./verify";

const draft = (n: number): LedgerDraft => ({
  actorId: null,
  actorRole: "system",
  action: "test.appended",
  privacyTier: "none",
  resource: "test:ledger",
  purpose: `entry ${n}`,
  decision: "allow",
  requestId: `req-${n}`,
  payload: { n },
});

describe("ledger append", () => {
  it("chains each entry to the previous one's hash", async () => {
    const before = await ledgerHeadSeq();
    const [a, b] = await appendLedgerEntries([draft(1), draft(2)]);
    expect(a.seq).toBe(before + 1);
    expect(b.seq).toBe(a.seq + 1);
    expect(b.prevHash).toBe(a.entryHash);
    if (before === 0) expect(a.prevHash).toBe(GENESIS_HASH);
    const { entryHash, payload, ...rest } = b;
    expect(hashEntry(rest)).toBe(entryHash);
    expect(payload).toBe('{"n":2}');
  });

  it("hashes canonical JSON with sorted snake_case keys and no whitespace", async () => {
    const e = await appendLedgerEntry(draft(3));
    const text = canonicalEntry(e);
    expect(text).not.toMatch(/\s(?=["{[])/);
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain("prev_hash");
    expect(keys).not.toContain("entry_hash");
  });

  it("never forks under concurrent appends", async () => {
    const before = await ledgerHeadSeq();
    const entries = await Promise.all(Array.from({ length: 40 }, (_, i) => appendLedgerEntry(draft(100 + i))));
    const seqs = entries.map((e) => e.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => before + 1 + i));
    const result = await verifyLedger(dbTarget());
    expect(result.ok).toBe(true);
  });

  it("refuses a malformed draft and writes nothing", async () => {
    const before = await ledgerHeadSeq();
    await expect(appendLedgerEntry({ ...draft(4), action: "Not An Action" })).rejects.toThrow(/namespace\.action/);
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("is append-only in the database itself", async () => {
    await appendLedgerEntry(draft(5));
    const seq = await ledgerHeadSeq();
    await expect(rawExec(`UPDATE ledger_entries SET purpose = 'changed' WHERE seq = ${seq}`)).rejects.toThrow(/append-only/);
    await expect(rawExec(`DELETE FROM ledger_entries WHERE seq = ${seq}`)).rejects.toThrow(/append-only/);
  });
});

describe("ledger verify", () => {
  it("names the first tampered seq, through the CLI as an operator runs it", async () => {
    await appendLedgerEntries([draft(6), draft(7), draft(8)]);
    const target = (await ledgerHeadSeq()) - 1;
    const original = await getDb().ledgerEntry.findUniqueOrThrow({ where: { seq: target }, select: { purpose: true } });
    const sqlite = dialect() === "sqlite";
    const dropTrigger = sqlite ? "DROP TRIGGER ledger_entries_no_update" : "ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update";
    const restoreTrigger = sqlite
      ? "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only (UPDATE refused)'); END;"
      : "ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update";
    await rawExec(dropTrigger);
    try {
      await rawExec(`UPDATE ledger_entries SET purpose = 'nothing to see here' WHERE seq = ${target}`);
      const result = await verifyLedger(dbTarget());
      expect(result).toMatchObject({ ok: false, firstBadSeq: target });

      let status = 0;
      let stderr = "";
      try {
        execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "ledger", "verify"], { env: process.env, stdio: "pipe" });
      } catch (err) {
        const e = err as { status: number; stderr: Buffer };
        status = e.status;
        stderr = e.stderr.toString();
      }
      expect(status).toBe(1);
      expect(stderr).toContain(`FAILED at seq ${target}`);
    } finally {
      const restore = sqlite ? "UPDATE ledger_entries SET purpose = ? WHERE seq = ?" : "UPDATE ledger_entries SET purpose = $1 WHERE seq = $2";
      await rawExec(restore, [original.purpose, target]);
      await rawExec(restoreTrigger);
    }
    const healed = await verifyLedger(dbTarget());
    expect(healed.ok).toBe(true);
  }, 60_000);
});
