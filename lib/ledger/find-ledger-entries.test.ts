// The ledger browser's query layer on the real database (both dialects): keyset paging in both directions without
// duplicates or gaps, every filter, the capped count, the activity chart, the CSV export and the entry detail.
// The test database is shared, so each test writes entries under an actor id of its own and filters by it.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { appendLedgerEntries } from "./append";
import type { LedgerDraft } from "./entry";
import { exportLedgerEntries } from "./export-ledger-entries";
import { findLedgerEntries, type LedgerPage } from "./find-ledger-entries";
import { getLedgerEntry } from "./get-ledger-entry";
import { ledgerActivity } from "./ledger-activity";
import { COUNT_CAP, countFrom, filterWhere, type SqlWhere, type TLedgerFilters } from "./ledger-query";
import { dbTarget, getDb } from "@/lib/db/client";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import { migrate } from "@/lib/db/migrate";

const auditor = { id: "usr_test_auditor", role: "auditor" as const };
const analyst = { id: "usr_test_analyst", role: "analyst" as const };

afterEach(() => pinClock(null));

const draft = (actorId: string, over: Partial<LedgerDraft> = {}): LedgerDraft => ({
  actorId,
  actorRole: "analyst",
  action: "people.record_viewed",
  privacyTier: "pii_basic",
  resource: "marketplace.people@1",
  recordId: null,
  purpose: "Support ticket follow-up",
  decision: "allow",
  requestId: `req-${randomUUID()}`,
  columnsShown: ["full_name"],
  disclosedTier: "pii_basic",
  payload: { test: true },
  ...over,
});

async function append(actorId: string, n: number, over: (i: number) => Partial<LedgerDraft> = () => ({})) {
  return appendLedgerEntries(Array.from({ length: n }, (_, i) => draft(actorId, over(i))));
}

async function walk(start: LedgerPage, next: (p: LedgerPage) => Promise<LedgerPage | null>): Promise<number[]> {
  const seqs: number[] = [];
  let page: LedgerPage | null = start;
  for (let guard = 0; page && guard < 100; guard++) {
    seqs.push(...page.rows.map((r) => r.seq));
    page = await next(page);
  }
  return seqs;
}

describe("findLedgerEntries", () => {
  it("refuses a reader without ledger.read", async () => {
    await expect(findLedgerEntries(analyst, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("pages older then newer on seq, newest first, with no duplicate and no gap", async () => {
    const actor = newId("usr");
    const written = (await append(actor, 23)).map((e) => e.seq);
    const q = { actor, limit: 5 };
    const first = await findLedgerEntries(auditor, q);
    expect(first.newerCursor).toBeNull();
    const down = await walk(first, async (p) => (p.olderCursor === null ? null : findLedgerEntries(auditor, { ...q, before: p.olderCursor })));
    expect(down).toEqual([...written].reverse());

    // From the oldest page back up to the newest.
    const last = await findLedgerEntries(auditor, { ...q, before: written[3] });
    expect(last.rows.map((r) => r.seq)).toEqual([written[2], written[1], written[0]]);
    expect(last.olderCursor).toBeNull();
    const up = await walk(last, async (p) => (p.newerCursor === null ? null : findLedgerEntries(auditor, { ...q, after: p.newerCursor })));
    expect(new Set(up).size).toBe(up.length);
    expect([...up].sort((a, b) => a - b)).toEqual(written);
  });

  it("pages oldest first with after cursors, and back with before", async () => {
    const actor = newId("usr");
    const written = (await append(actor, 12)).map((e) => e.seq);
    const q = { actor, limit: 5, order: "oldest" as const };
    const first = await findLedgerEntries(auditor, q);
    expect(first.rows.map((r) => r.seq)).toEqual(written.slice(0, 5));
    expect(first.olderCursor).toBeNull();
    const forward = await walk(first, async (p) => (p.newerCursor === null ? null : findLedgerEntries(auditor, { ...q, after: p.newerCursor })));
    expect(forward).toEqual(written);
    const second = await findLedgerEntries(auditor, { ...q, after: written[4] });
    const back = await findLedgerEntries(auditor, { ...q, before: second.olderCursor! });
    expect(back.rows.map((r) => r.seq)).toEqual(written.slice(0, 5));
  });

  it("applies every filter, each on its own", async () => {
    const user = await createTestUser("analyst", "ledger-filter");
    const actor = user.id;
    const rec = `usr_${randomUUID().slice(0, 8)}`;
    const req = `req-${randomUUID()}`;
    const [plain, masked, denied, tagged, system] = await appendLedgerEntries([
      draft(actor),
      draft(actor, { decision: "mask", privacyTier: "pii_tax", disclosedTier: "pii_sensitive", resource: "marketplace.payouts@1" }),
      draft(actor, { decision: "deny", privacyTier: "background", disclosedTier: null, columnsShown: [], action: "people.searched" }),
      draft(actor, { recordId: rec, requestId: req, purpose: "Chargeback 50%_evidence" }),
      draft(actor, { actorRole: "auditor" }),
    ]);
    const seqs = async (q: Record<string, unknown>) =>
      (await findLedgerEntries(auditor, { actor, ...q })).rows.map((r) => r.seq).sort((a, b) => a - b);
    expect(await seqs({})).toEqual([plain.seq, masked.seq, denied.seq, tagged.seq, system.seq]);
    expect(await seqs({ actor: user.email })).toEqual([plain.seq, masked.seq, denied.seq, tagged.seq, system.seq]);
    expect(await seqs({ role: "auditor" })).toEqual([system.seq]);
    expect(await seqs({ action: "people.searched" })).toEqual([denied.seq]);
    expect(await seqs({ asked: "pii_tax" })).toEqual([masked.seq]);
    expect(await seqs({ shown: "pii_sensitive" })).toEqual([masked.seq]);
    expect(await seqs({ dataset: "marketplace.payouts@1" })).toEqual([masked.seq]);
    expect(await seqs({ decision: "deny" })).toEqual([denied.seq]);
    expect(await seqs({ record: rec })).toEqual([tagged.seq]);
    expect(await seqs({ request: req })).toEqual([tagged.seq]);
    // Case-insensitive, and % and _ in the term are literal characters.
    expect(await seqs({ purpose: "50%_EVID" })).toEqual([tagged.seq]);
    expect(await seqs({ purpose: "50%x" })).toEqual([]);
    const byPurpose = await findLedgerEntries(auditor, { actor, purpose: "chargeback" });
    expect(byPurpose.count).toBeNull();
    expect(byPurpose.searched).not.toBeNull();
    // An email no console user has matches nothing (not everything).
    expect((await findLedgerEntries(auditor, { actor: `nobody-${randomUUID()}@test.warden` })).rows).toEqual([]);
    const rows = (await findLedgerEntries(auditor, { actor })).rows;
    expect(rows.find((r) => r.seq === plain.seq)?.actorEmail).toBe(user.email);
  });

  it("filters a time range as a seq range, start included and end excluded", async () => {
    const actor = newId("usr");
    const at = (s: number) => new Date(Date.UTC(2001, 2, 7, 12, 0, s));
    const entries = [];
    for (let s = 0; s < 5; s++) {
      pinClock(at(s));
      entries.push(...(await append(actor, 1)));
    }
    pinClock(null);
    const page = await findLedgerEntries(auditor, { actor, from: at(1).toISOString(), to: at(4).toISOString() });
    expect(page.rows.map((r) => r.seq)).toEqual([entries[3].seq, entries[2].seq, entries[1].seq]);
    // A datetime-local value (no zone) is read as UTC.
    const local = await findLedgerEntries(auditor, { actor, from: "2001-03-07T12:00:03" });
    expect(local.rows.map((r) => r.seq)).toEqual([entries[4].seq, entries[3].seq]);
    await expect(findLedgerEntries(auditor, { from: "yesterday" })).rejects.toThrow(/date and time/);
  });

  it("counts up to the cap and says when it stopped there", async () => {
    const few = newId("usr");
    await append(few, 3);
    expect((await findLedgerEntries(auditor, { actor: few })).count).toEqual({ value: 3, capped: false });
    const many = newId("usr");
    await append(many, COUNT_CAP + 5);
    const page = await findLedgerEntries(auditor, { actor: many, limit: 50 });
    expect(page.count).toEqual({ value: COUNT_CAP, capped: true });
    expect(page.rows).toHaveLength(50);
    // Unfiltered, the count is the chain's length (contiguous from 1), exact.
    const all = await findLedgerEntries(auditor, { limit: 1 });
    expect(all.count).toEqual({ value: all.headSeq, capped: false });
    expect(all.rows[0].seq).toBe(all.headSeq);
  });

  it("gives the same capped count for one filter as for several", async () => {
    const actor = newId("usr");
    await append(actor, 7, (i) => ({ decision: i % 3 === 0 ? "deny" : "allow" }));
    expect((await findLedgerEntries(auditor, { actor, decision: "deny" })).count).toEqual({ value: 3, capped: false });
    expect((await findLedgerEntries(auditor, { actor })).count).toEqual({ value: 7, capped: false });
  });
});

// The planner's choice needs a ledger with statistics of a real one's shape, so this runs on a throwaway SQLite file
// (the shared test database has no ANALYZE, and the planner picks the index there anyway).
describe.skipIf(dbTarget().dialect !== "sqlite")("the capped count's plan on SQLite", () => {
  it("counts one filter through that column's index, where the planner would walk the rowid range", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-count-plan-"));
    const file = path.join(dir, "ledger.db");
    try {
      await migrate(parseDatabaseUrl(`file:${file}`));
      const db = new Database(file);
      // 20,000 entries: 7 % denied, a sixth signed-in events, as the demo and the bench's ledger have them.
      const insert = db.prepare(
        `INSERT INTO ledger_entries (seq, occurred_at, actor_id, actor_role, action, privacy_tier, resource, purpose, decision,
           columns_shown, columns_masked, columns_denied, policy_version, request_id, row_count, prev_hash, entry_hash)
         VALUES (?, '2026-01-01T00:00:00.000Z', ?, 'analyst', ?, ?, 'marketplace.people@1', 'p', ?, '[]', '[]', '[]', 'v1', ?, 1, 'x', 'y')`,
      );
      db.transaction(() => {
        for (let seq = 1; seq <= 20_000; seq++) {
          const action = seq % 6 === 0 ? "auth.signed_in" : "people.record_viewed";
          insert.run(seq, `usr_${seq % 40}`, action, seq % 5 === 0 ? "none" : "pii_basic", seq % 14 === 0 ? "deny" : "allow", `req-${seq}`);
        }
      })();
      db.exec("ANALYZE");
      const sql = (from: string, w: SqlWhere) => `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} ${w} LIMIT 1001) capped`;
      const planOf = (from: string, w: SqlWhere) => JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${sql(from, w)}`).all(...w.params));
      const countOf = (from: string, w: SqlWhere) => (db.prepare(sql(from, w)).get(...w.params) as { n: number }).n;

      const deny = { decision: "deny" } as TLedgerFilters;
      const w = filterWhere(deny, undefined, 1, 20_000, "sqlite");
      // What SQLite does on its own: the rowid range, reading rows until 1,001 match.
      expect(planOf("ledger_entries l", w)).toContain("INTEGER PRIMARY KEY");
      expect(planOf(countFrom(deny, undefined, "sqlite"), w)).toContain("COVERING INDEX ledger_entries_decision_seq_idx");
      expect(countOf(countFrom(deny, undefined, "sqlite"), w)).toBe(countOf("ledger_entries l", w));

      const others: Array<[Partial<TLedgerFilters>, string | undefined, string]> = [
        [{ action: "auth.signed_in" }, undefined, "action"],
        [{ asked: "none" }, undefined, "privacy_tier"],
        [{ role: "analyst" }, undefined, "actor_role"],
        [{}, "usr_3", "actor_id"],
      ];
      for (const [f, actorId, column] of others) {
        const wf = filterWhere(f as TLedgerFilters, actorId, 1, 20_000, "sqlite");
        const from = countFrom(f as TLedgerFilters, actorId, "sqlite");
        expect(planOf(from, wf), column).toContain(`INDEX ledger_entries_${column}_seq_idx`);
        expect(countOf(from, wf), column).toBe(countOf("ledger_entries l", wf));
      }
      // Several filters, or none: the planner's choice stands; PostgreSQL's is never overridden.
      expect(countFrom({ decision: "deny", action: "auth.signed_in" } as TLedgerFilters, undefined, "sqlite")).toBe("ledger_entries l");
      expect(countFrom({} as TLedgerFilters, undefined, "sqlite")).toBe("ledger_entries l");
      expect(countFrom(deny, undefined, "postgresql")).toBe("ledger_entries l");
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ledgerActivity", () => {
  it("buckets the range by hour, by decision and by tier asked", async () => {
    const actor = newId("usr");
    pinClock(new Date("2001-04-01T10:15:00Z"));
    await append(actor, 2);
    pinClock(new Date("2001-04-01T12:30:00Z"));
    await append(actor, 1, () => ({ decision: "deny", privacyTier: "background", disclosedTier: null, columnsShown: [] }));
    pinClock(null);
    const a = await ledgerActivity(auditor, { actor, from: "2001-04-01T09:00:00.000Z", to: "2001-04-01T14:00:00.000Z" });
    expect(a.unit).toBe("hour");
    expect(a.buckets.map((b) => b.total)).toEqual([0, 2, 0, 1, 0]);
    expect(a.buckets[1].byDecision).toEqual({ allow: 2 });
    expect(a.buckets[3].byTier).toEqual({ background: 1 });
    await expect(ledgerActivity(analyst, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("asks again where an hour begins once entries arrive after it, and keeps the edges they cannot move", async () => {
    const actor = newId("usr");
    const range = { actor, from: "2003-02-01T09:00:00.000Z", to: "2003-02-01T13:00:00.000Z" };
    pinClock(new Date("2003-02-01T10:30:00Z"));
    await append(actor, 2);
    pinClock(null);
    const first = await ledgerActivity(auditor, range);
    expect(first.buckets.map((b) => b.total)).toEqual([0, 2, 0, 0]);
    expect(await ledgerActivity(auditor, range)).toEqual(first);
    // Three more in the last hour: the 13:00 edge (the end of the range) moves, the earlier ones cannot.
    pinClock(new Date("2003-02-01T12:10:00Z"));
    await append(actor, 3, () => ({ decision: "deny", columnsShown: [] }));
    pinClock(null);
    const second = await ledgerActivity(auditor, range);
    expect(second.buckets.map((b) => b.total)).toEqual([0, 2, 0, 3]);
    expect(second.buckets[3].byDecision).toEqual({ deny: 3 });
    // And one in an hour whose start was already known, which moves the edges after it.
    pinClock(new Date("2003-02-01T12:40:00Z"));
    await append(actor, 1);
    pinClock(null);
    expect((await ledgerActivity(auditor, range)).buckets.map((b) => b.total)).toEqual([0, 2, 0, 4]);
  });
});

describe("exportLedgerEntries", () => {
  const read = async (chunks: AsyncIterable<string>) => {
    let out = "";
    for await (const c of chunks) out += c;
    return out;
  };

  it("records the export with its filters (ids only) before producing the CSV of the view", async () => {
    const user = await createTestUser("analyst", "ledger-export");
    const written = await append(user.id, 3, (i) => ({ purpose: i === 0 ? '=HYPERLINK("x")' : `Export test ${i}` }));
    const exporter = await createTestUser("auditor", "exporter");
    const exported = await exportLedgerEntries(exporter, { actor: user.email, decision: "allow", order: "oldest" }, testMeta());
    const recorded = await getDb().ledgerEntry.findUnique({ where: { seq: exported.ledgerSeq } });
    expect(recorded).toMatchObject({ action: "ledger.entries_exported", actorId: exporter.id, decision: "allow" });
    expect(JSON.parse(recorded!.payload!)).toEqual({ filters: { actor: user.id, decision: "allow" }, order: "oldest", format: "csv" });
    const csv = (await read(exported.chunks)).trimEnd().split("\r\n");
    expect(csv[0].split(",").slice(0, 4)).toEqual(["seq", "occurred_at", "actor_id", "actor_email"]);
    expect(csv.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(written.map((e) => e.seq));
    // A formula in a purpose is quoted so a spreadsheet never runs it.
    expect(csv[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("refuses an analyst, and a purpose search that looks like personal data, recording nothing", async () => {
    const before = await getDb().ledgerEntry.count({ where: { action: "ledger.entries_exported" } });
    await expect(exportLedgerEntries(analyst, {}, testMeta())).rejects.toMatchObject({ code: "forbidden" });
    await expect(exportLedgerEntries(auditor, { purpose: "jane.doe@example.com" }, testMeta())).rejects.toMatchObject({
      code: "validation_failed",
      field: "purpose",
    });
    await expect(exportLedgerEntries(auditor, { decision: "maybe" }, testMeta())).rejects.toMatchObject({
      code: "validation_failed",
      field: "decision",
    });
    expect(await getDb().ledgerEntry.count({ where: { action: "ledger.entries_exported" } })).toBe(before);
  });
});

describe("getLedgerEntry", () => {
  it("shows the record, its neighbours and the grants in force then for that dataset", async () => {
    const user = await createTestUser("analyst", "ledger-detail");
    const [grantId] = await grantScopes(user.id, ["pii_basic"]);
    const [limited] = await grantScopes(user.id, ["pii_tax"], { datasets: ["marketplace.bookings@1"] });
    const [e] = await append(user.id, 1);
    const detail = await getLedgerEntry(auditor, String(e.seq));
    expect(detail?.entry.entryHash).toBe(e.entryHash);
    expect(detail?.actorEmail).toBe(user.email);
    expect(detail?.prevSeq).toBe(e.seq - 1);
    const ids = detail?.grants?.map((g) => g.id) ?? [];
    expect(ids).toContain(grantId);
    expect(ids).not.toContain(limited); // limited to another dataset
    expect(await getLedgerEntry(auditor, "0")).toBeNull();
    expect(await getLedgerEntry(auditor, "abc")).toBeNull();
    await expect(getLedgerEntry(analyst, String(e.seq))).rejects.toMatchObject({ code: "forbidden" });
  });
});
