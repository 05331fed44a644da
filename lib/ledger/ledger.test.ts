import { execFile, execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dbTarget, getDb } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { dialect, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { appendLedgerEntries, appendLedgerEntry } from "./append";
import { canonicalEntry, GENESIS_HASH, hashEntry, sealEntry, ZLedgerDraft, type LedgerDraft } from "./entry";
import { findLedgerEntries } from "./find-ledger-entries";
import { LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";
import { describeFindings, verifyLedger, verifyLedgerRows } from "./verify";

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

/** A self-consistent entry at any seq, as someone with database access and this code could forge it. */
const forged = (seq: number): LedgerRow =>
  toRow(sealEntry(ZLedgerDraft.parse({ ...draft(seq), purpose: `forged at ${seq}` }), { seq: seq - 1, entryHash: randomBytes(32).toString("hex") }));

const insertSql = (d: DbTarget["dialect"]) =>
  `INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map((_, i) => (d === "sqlite" ? "?" : `$${i + 1}`)).join(", ")})`;
const values = (row: LedgerRow) => LEDGER_COLUMNS.map((c) => row[c]);

/** The seq-positive guard as its migration creates it (absent on a checkout that predates the migration). */
const SEQ_GUARD_MIGRATION = () => path.join("prisma", "migrations", dialect(), "20261129000100_ledger_seq_positive", "migration.sql");
const dropSeqGuard = () =>
  dialect() === "sqlite"
    ? "DROP TRIGGER IF EXISTS ledger_entries_seq_positive"
    : "ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_seq_positive";

interface LedgerCopy {
  target: DbTarget;
  /** DATABASE_URL of the copy, for the CLI. */
  url: string;
  exec(sql: string, params?: unknown[]): Promise<void>;
  dispose(): Promise<void>;
}

/** A copy of the console ledger with every guard removed, for tampering that must not touch the shared database:
 * SQLite by VACUUM INTO a temp file, PostgreSQL by a table copy in a throwaway schema (search_path in the URL). */
async function ledgerCopy(): Promise<LedgerCopy> {
  const t = dbTarget();
  if (t.dialect === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-ledger-copy-"));
    const file = path.join(dir, "warden.db");
    sqliteHandle(t.path).prepare("VACUUM INTO ?").run(file);
    const db = sqliteHandle(file);
    db.exec("DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete; DROP TRIGGER IF EXISTS ledger_entries_seq_positive;");
    return {
      target: { dialect: "sqlite", path: file },
      url: `file:${file}`,
      exec: async (sql, params = []) => void (params.length ? db.prepare(sql).run(...params) : db.exec(sql)),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `ledger_copy_${randomUUID().replace(/-/g, "")}`;
  // LIKE copies columns, keys and indexes but no triggers; the copied CHECK goes too, as if someone dropped it.
  await rawExec(
    `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.ledger_entries (LIKE public.ledger_entries INCLUDING ALL);
     ALTER TABLE ${schema}.ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_seq_positive;
     INSERT INTO ${schema}.ledger_entries SELECT * FROM public.ledger_entries;`,
  );
  const url = new URL(t.url);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const pool = pgPool(url.toString());
  return {
    target: { dialect: "postgresql", url: url.toString() },
    url: url.toString(),
    exec: async (sql, params = []) => void (await pool.query(sql, params)),
    dispose: async () => rawExec(`DROP SCHEMA ${schema} CASCADE`),
  };
}

/** `npm run warden -- ARGS` as an operator runs it, against DATABASE_URL=url. */
function runWarden(args: string[], url: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args],
      { env: { ...process.env, DATABASE_URL: url } },
      (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

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

  it("hashes disclosed_tier only when set, so entries written before it existed keep their hashes", async () => {
    const head = { seq: 4, entryHash: "a".repeat(64) };
    const without = sealEntry(ZLedgerDraft.parse(draft(5)), head);
    expect(canonicalEntry(without)).not.toContain("disclosed_tier");
    const withTier = sealEntry(ZLedgerDraft.parse({ ...draft(5), disclosedTier: "pii_basic" }), head);
    expect(canonicalEntry(withTier)).toContain('"disclosed_tier":"pii_basic"');
    expect(withTier.entryHash).not.toBe(hashEntry({ ...withTier, disclosedTier: null }));
    const [stored] = await appendLedgerEntries([{ ...draft(6), disclosedTier: "pii_sensitive" }]);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
    expect(await getDb().ledgerEntry.findUnique({ where: { seq: stored.seq }, select: { disclosedTier: true } })).toEqual({
      disclosedTier: "pii_sensitive",
    });
  });

  it("commits a side write with its entries, and a failing side write takes the entries with it", async () => {
    const before = await ledgerHeadSeq();
    const failing = {
      sqlite: () => {
        throw new Error("side write refused");
      },
      pg: async () => {
        throw new Error("side write refused");
      },
    };
    await expect(appendLedgerEntries([draft(7), draft(8)], failing)).rejects.toThrow(/could not record/);
    expect(await ledgerHeadSeq()).toBe(before);
    const seen: number[] = [];
    await appendLedgerEntries([draft(9)], {
      sqlite: (_db, e) => void seen.push(...e.map((x) => x.seq)),
      pg: async (_c, e) => void seen.push(...e.map((x) => x.seq)),
    });
    expect(seen).toEqual([before + 1]);
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
    // The append parses with zod's compiled fast path: each refusal is the interpreted schema's, path and all.
    const malformed: unknown[] = [
      { ...draft(4), rowCount: -1 },
      { ...draft(4), columnsShown: ["x".repeat(101)] },
      { ...draft(4), disclosedTier: "secret" },
      { ...draft(4), payload: [1, 2] },
      { ...draft(4), requestId: undefined },
    ];
    for (const d of malformed) {
      const expected = ZLedgerDraft.safeParse(d);
      expect(expected.success).toBe(false);
      await expect(appendLedgerEntry(d as LedgerDraft)).rejects.toMatchObject({ issues: expected.error!.issues });
    }
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("fills a draft's omitted fields with the schema's defaults", async () => {
    const entry = await appendLedgerEntry(draft(6));
    const parsed = ZLedgerDraft.parse(draft(6));
    expect(entry).toMatchObject({ ...parsed, payload: JSON.stringify(parsed.payload) });
  });

  it("is append-only in the database itself", async () => {
    await appendLedgerEntry(draft(5));
    const seq = await ledgerHeadSeq();
    await expect(rawExec(`UPDATE ledger_entries SET purpose = 'changed' WHERE seq = ${seq}`)).rejects.toThrow(/append-only/);
    await expect(rawExec(`DELETE FROM ledger_entries WHERE seq = ${seq}`)).rejects.toThrow(/append-only/);
  });

  it("refuses a row below seq 1 in the database itself", async () => {
    const before = await ledgerHeadSeq();
    for (const seq of [0, -5]) {
      await expect(rawExec(insertSql(dialect()), values(forged(seq)))).rejects.toThrow(/ledger_entries_seq_positive/);
    }
    expect(await getDb().ledgerEntry.count({ where: { seq: { lt: 1 } } })).toBe(0);
    expect(await ledgerHeadSeq()).toBe(before);
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
      expect(result).toMatchObject({ ok: false, firstBad: { seq: target, reason: "entry_hash does not match the entry's content" } });

      let status = 0;
      let stderr = "";
      try {
        execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "ledger", "verify"], {
          env: process.env,
          stdio: "pipe",
        });
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

  it("names rows forged at seq 0 and -5 (guard dropped), through the CLI", async () => {
    await appendLedgerEntries([draft(20), draft(21)]);
    const copy = await ledgerCopy();
    try {
      for (const seq of [0, -5]) await copy.exec(insertSql(copy.target.dialect), values(forged(seq)));
      const result = await verifyLedger(copy.target);
      expect(result).toMatchObject({ ok: false, outsideChain: { count: 2, seqs: ["-5", "0"] }, gaps: { count: 0 }, broken: { count: 0 } });
      expect(result.count).toBe(await ledgerHeadSeq());

      const cli = await runWarden(["ledger", "verify"], copy.url);
      expect(cli.status).toBe(1);
      expect(cli.stderr.trim().split("\n")).toEqual([expect.stringContaining("2 rows outside the chain at seq <= 0: -5, 0")]);
    } finally {
      await copy.dispose();
    }
  }, 60_000);

  it("names a gap by its missing seq range, and only the gap", async () => {
    await appendLedgerEntries([draft(30), draft(31), draft(32), draft(33)]);
    const head = await ledgerHeadSeq();
    const copy = await ledgerCopy();
    try {
      await copy.exec(`DELETE FROM ledger_entries WHERE seq IN (${head - 2}, ${head - 1})`);
      const result = await verifyLedger(copy.target);
      expect(result).toMatchObject({
        ok: false,
        firstBad: { seq: head - 2 },
        gaps: { count: 1, missing: 2, ranges: [{ from: head - 2, to: head - 1 }] },
        // The row after the gap links to a deleted row: the gap explains it, so it is not reported again.
        broken: { count: 0 },
        outsideChain: { count: 0 },
      });
      expect(describeFindings(result)).toEqual([`1 gap (2 seqs missing): seq ${head - 2}..${head - 1}`]);
    } finally {
      await copy.dispose();
    }
  });

  it("counts payloads stripped to NULL: exit 1 through the CLI, exit 0 with --allow-pruned-payloads", async () => {
    await appendLedgerEntries([draft(40), draft(41)]);
    const copy = await ledgerCopy();
    try {
      const withPayload = await getDb().ledgerEntry.findMany({
        where: { payloadHash: { not: null } },
        select: { seq: true },
        orderBy: { seq: "asc" },
      });
      expect(withPayload.length).toBeGreaterThan(1);
      await copy.exec("UPDATE ledger_entries SET payload = NULL");

      const strict = await verifyLedger(copy.target);
      expect(strict).toMatchObject({
        ok: false,
        broken: { count: 0 },
        missingPayloads: { count: withPayload.length, firstSeq: withPayload[0].seq, allowed: false },
      });
      expect(await verifyLedger(copy.target, { allowPrunedPayloads: true })).toMatchObject({
        ok: true,
        missingPayloads: { count: withPayload.length },
      });

      const [failed, allowed] = await Promise.all([
        runWarden(["ledger", "verify"], copy.url),
        runWarden(["ledger", "verify", "--allow-pruned-payloads"], copy.url),
      ]);
      const counted = `${withPayload.length} payloads missing against payload_hash (first at seq ${withPayload[0].seq})`;
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(counted);
      expect(allowed.status).toBe(0);
      expect(allowed.stdout).toContain(`ledger ok: `);
      expect(allowed.stdout).toContain(`${counted}, pruning allowed`);
    } finally {
      await copy.dispose();
    }
  }, 60_000);

  it("fails every present payload that does not match its payload_hash, not only the first", async () => {
    await appendLedgerEntries([draft(50), draft(51), draft(52)]);
    const head = await ledgerHeadSeq();
    const copy = await ledgerCopy();
    try {
      const sql =
        copy.target.dialect === "sqlite"
          ? "UPDATE ledger_entries SET payload = ? WHERE seq = ?"
          : "UPDATE ledger_entries SET payload = $1 WHERE seq = $2";
      await copy.exec(sql, ['{"n":999}', head - 2]);
      await copy.exec(sql, ['{"n":998}', head]);
      const result = await verifyLedger(copy.target);
      expect(result).toMatchObject({
        ok: false,
        firstBad: { seq: head - 2, reason: "payload does not match payload_hash" },
        broken: {
          count: 2,
          first: [
            { seq: head - 2, reason: "payload does not match payload_hash" },
            { seq: head, reason: "payload does not match payload_hash" },
          ],
        },
        missingPayloads: { count: 0 },
      });
    } finally {
      await copy.dispose();
    }
  });

  it("shows the auditor only the chain it verifies (seq >= 1), even with forged rows below it", async () => {
    await appendLedgerEntry(draft(60));
    const auditor = { role: "auditor" as const };
    const sqlite = dialect() === "sqlite";
    const [disableDelete, enableDelete] = sqlite
      ? [
          "DROP TRIGGER ledger_entries_no_delete",
          "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only (DELETE refused)'); END;",
        ]
      : ["ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update", "ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update"];
    await rawExec(dropSeqGuard());
    try {
      for (const seq of [0, -5]) await rawExec(insertSql(dialect()), values(forged(seq)));
      const oldest = await findLedgerEntries(auditor, { before: 2, limit: 10 });
      expect(oldest.rows.map((r) => r.seq)).toEqual([1]);
      expect(oldest.nextCursor).toBeNull();
      expect((await findLedgerEntries(auditor, { before: 1 })).rows).toEqual([]);
    } finally {
      await rawExec(disableDelete);
      await rawExec("DELETE FROM ledger_entries WHERE seq < 1");
      await rawExec(enableDelete);
      if (existsSync(SEQ_GUARD_MIGRATION())) await rawExec(readFileSync(SEQ_GUARD_MIGRATION(), "utf8"));
    }
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });
});

describe("ledger verify core (any ordered rows, as the evidence-bundle verifier will feed it)", () => {
  const chain = (n: number): LedgerRow[] => {
    const out: LedgerRow[] = [];
    let head: { seq: number; entryHash: string } | null = null;
    for (let i = 0; i < n; i++) {
      const e = sealEntry(ZLedgerDraft.parse(draft(i)), head);
      out.push(toRow(e));
      head = e;
    }
    return out;
  };

  it("accepts an honest chain from a plain array and reports its head", async () => {
    const rows = chain(3);
    expect(await verifyLedgerRows(rows)).toMatchObject({ ok: true, count: 3, head: { seq: 3, entryHash: rows[2].entry_hash }, firstBad: null });
    expect(describeFindings(await verifyLedgerRows(rows))).toEqual([]);
  });

  it("refuses a seq that appears twice and names a seq beyond 2^53 exactly as stored", async () => {
    const rows = chain(3);
    const result = await verifyLedgerRows(
      [rows[0], rows[1], rows[1], rows[2], { ...rows[2], seq: "-9223372036854775807" }].sort((a, b) => (BigInt(a.seq!) < BigInt(b.seq!) ? -1 : 1)),
    );
    expect(result).toMatchObject({
      ok: false,
      outsideChain: { count: 1, seqs: ["-9223372036854775807"] },
      broken: { count: 1, first: [{ seq: 2, reason: "seq 2 appears twice or out of order" }] },
    });
  });
});
