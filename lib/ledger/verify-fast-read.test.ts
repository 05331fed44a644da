// The SQLite fast read of parallel verify (decision 029): the database writes each row's hashed text. It may only
// call a row intact when the full check (checkRow, what the single-threaded walk applies) does too, and it must take
// the fast path for ordinary rows, with the very bytes canonicalRowText writes.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { PRIVACY_TIERS } from "@/lib/core/tiers";
import { canonicalRowText } from "./canonical-row";
import { checkRow } from "./check-row";
import { sealEntry, ZLedgerDraft, type LedgerEntry } from "./entry";
import { LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";
import { COL, FAST, fastRotated, fastRowOk, fastTextOk, SQLITE_FAST_COLUMNS } from "./verify-chunk";

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}
// ":" and "," next to a quote are what the shape test's keys are told apart by (verify-chunk.ts): ordinary here.
const PLAIN = ["a", "Z", "0", "Ω", "é", "💥", "漢字", " ", "/", "'", "<>&", "\u2028", "\u007f", "e\u0301", "\ufffd", ":", ",", "[", "{"];
// No lone surrogates: SQLite stores text as UTF-8, so they do not survive the round trip (the entry then fails verify
// on either path; verify-serialiser.test.ts covers them in memory).
const AWKWARD = ['"', "\\", "\u0000", "\u001f", "\n", "\t"];

// The declared types of the migrations (their affinities decide what SQLite stores), without the NOT NULLs and
// triggers, so the tampering below can write anything.
const TABLE = `CREATE TABLE ledger_entries (seq INTEGER PRIMARY KEY, occurred_at TEXT, actor_id TEXT, actor_role TEXT, action TEXT,
  privacy_tier TEXT, resource TEXT, record_id TEXT, purpose TEXT, decision TEXT, columns_shown TEXT, columns_masked TEXT,
  columns_denied TEXT, policy_version TEXT, request_id TEXT, ip_hash TEXT, ua_hash TEXT, row_count INTEGER, payload TEXT,
  payload_hash TEXT, prev_hash TEXT, entry_hash TEXT, disclosed_tier TEXT)`;

function ledger(count: number, seed: number, awkwardShare: number) {
  const rand = rng(seed);
  const piece = () => {
    const set = rand() < awkwardShare ? AWKWARD : PLAIN;
    return set[Math.floor(rand() * set.length)];
  };
  const text = (max: number) => Array.from({ length: Math.floor(rand() * max) }, piece).join("");
  const maybe = <T>(v: T) => (rand() < 0.4 ? null : v);
  const db = new Database(":memory:");
  db.exec(TABLE);
  const insert = db.prepare(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map(() => "?").join(", ")})`);
  let head: LedgerEntry | null = null;
  for (let i = 0; i < count; i++) {
    const draft = ZLedgerDraft.parse({
      actorId: maybe(`usr_${text(8)}`),
      actorRole: text(6) || "system",
      action: i % 50 === 7 ? "ledger.key_rotated" : "test.fast_read",
      privacyTier: PRIVACY_TIERS[i % PRIVACY_TIERS.length],
      resource: text(20) || "r",
      recordId: maybe(text(12)),
      purpose: i % 13 === 0 ? "" : text(40),
      decision: (["allow", "mask", "deny"] as const)[i % 3],
      columnsShown: Array.from({ length: i % 4 }, () => text(6)),
      columnsMasked: Array.from({ length: i % 3 }, () => text(6)),
      columnsDenied: rand() < 0.3 ? [text(5)] : [],
      policyVersion: String(i % 7),
      requestId: text(10) || "req",
      ipHash: maybe("ab".repeat(32)),
      uaHash: maybe(text(4)),
      rowCount: Math.floor(rand() * 1e9),
      disclosedTier: maybe(PRIVACY_TIERS[(i + 1) % PRIVACY_TIERS.length]),
      payload: rand() < 0.5 ? null : { n: i, s: text(10) },
    });
    head = sealEntry(draft, head);
    const row = toRow(head);
    insert.run(...LEDGER_COLUMNS.map((c) => row[c]));
  }
  const fast = db.prepare(`SELECT ${SQLITE_FAST_COLUMNS} FROM ledger_entries WHERE seq = ?`).raw(true);
  const whole = db.prepare(`SELECT ${LEDGER_COLUMNS.join(", ")} FROM ledger_entries WHERE seq = ?`).raw(true);
  const read = (seq: number) => ({ fast: fast.get(seq) as unknown[], whole: whole.get(seq) as unknown[] });
  return { db, rand, read };
}

const toObject = (r: readonly unknown[]) => Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c, r[i]])) as LedgerRow;
/** What the single-threaded walk concludes of a row: intact or not (a throw is not intact). */
function fullCheckPasses(whole: readonly unknown[], prev: string | null): boolean {
  try {
    return checkRow(toObject(whole), prev) === null;
  } catch {
    return false;
  }
}
const hasAwkward = (v: unknown) => typeof v === "string" && /["\\\u0000-\u001f]/.test(v);

describe("the SQLite fast read of parallel verify", () => {
  it("writes canonicalRowText's bytes for ordinary rows, and calls no row intact that the full check does not", () => {
    const { read } = ledger(3_000, 7, 0.004);
    let prev: string | null = null;
    let fastPath = 0;
    for (let seq = 1; seq <= 3_000; seq++) {
      const { fast, whole } = read(seq);
      const ok = fastTextOk(fast, prev);
      expect(fullCheckPasses(whole, prev)).toBe(true);
      expect(fastRowOk(whole, prev)).toBe(true);
      // Nothing awkward in any hashed value or list: the database's text is the serialiser's, and the fast path holds.
      const ordinary = LEDGER_COLUMNS.every((c) => c === "payload" || !hasAwkward(whole[COL[c]]));
      if (ordinary) {
        expect(fast[FAST.text]).toBe(canonicalRowText(whole));
        expect(ok).toBe(true);
      }
      if (ok) fastPath++;
      if (ok) expect(fastRotated(fast)).toBe(whole[COL.action] === "ledger.key_rotated");
      prev = whole[COL.entry_hash] as string;
    }
    // Most rows take the fast path; the awkward ones are read whole (and still pass there).
    expect(fastPath).toBeGreaterThan(1_000);
    expect(fastPath).toBeLessThan(3_000);
  }, 60_000);

  it("never passes a tampered row the full check fails, whatever is written into any column", () => {
    const { db, read } = ledger(400, 11, 0.02);
    const textColumns = LEDGER_COLUMNS.filter((c) => c !== "seq");
    // Each rewrites one stored value (by SQL, so storage classes are SQLite's), keeping or breaking its hash.
    const tamperings: Array<(column: string) => string> = [
      (c) => `${c} = CAST(${c} AS BLOB)`,
      (c) => `${c} = NULL`,
      (c) => `${c} = 5`,
      (c) => `${c} = 1.5`,
      (c) => `${c} = ${c} || char(0) || 'x'`,
      (c) => `${c} = char(0) || ${c}`,
      (c) => `${c} = ${c} || '"'`,
      (c) => `${c} = ${c} || '\\'`,
      (c) => `${c} = substr(${c}, 1, 2) || '\\u0041' || substr(${c}, 3)`,
      (c) => `${c} = substr(${c}, 1, length(${c}) - 1)`,
      (c) => `${c} = ' ' || ${c}`,
      (c) => `${c} = '1'`,
      (c) => `${c} = '"' || ${c} || '"'`,
      (c) => `${c} = replace(${c}, '"', '\\"')`,
      (c) => `${c} = replace(${c}, ',', ', ')`,
    ];
    // Moving text across a field boundary keeps the concatenation the same: only the quoting can tell.
    const shifts = [
      `action = action || '","actor_id":null,"actor_role":"' || actor_role, actor_role = ''`,
      `purpose = purpose || '","record_id":null,"request_id":"' || request_id, request_id = ''`,
      `columns_denied = columns_denied || ',"columns_masked":' || columns_masked, columns_masked = ''`,
      `decision = decision || '"', disclosed_tier = NULL`,
    ];
    // Every rewrite into every column, each on a row of its own, then the shifts.
    const cases = [...textColumns.flatMap((column) => tamperings.map((t) => t(column))), ...shifts];
    let checked = 0;
    let fastAccepted = 0;
    cases.forEach((set, i) => {
      const seq = i + 2;
      const prev = read(seq - 1).whole[COL.entry_hash] as string;
      db.exec(`UPDATE ledger_entries SET ${set} WHERE seq = ${seq}`);
      const { fast, whole } = read(seq);
      const ok = fastTextOk(fast, prev);
      if (ok) fastAccepted++;
      // The fast read may only agree with the full check: a row it passes, the full check passes.
      if (ok) expect({ seq, set, full: fullCheckPasses(whole, prev) }).toEqual({ seq, set, full: true });
      checked++;
    });
    expect(checked).toBe(cases.length);
    // NULL where an empty string was sealed: concat() would write the same text; the full check reads "null".
    const candidates = db
      .prepare("SELECT seq FROM ledger_entries WHERE purpose = '' AND seq > ?")
      .pluck()
      .all(cases.length + 2) as number[];
    const prevOf = (seq: number) => read(seq - 1).whole[COL.entry_hash] as string;
    const empty = candidates.find((seq) => fastTextOk(read(seq).fast, prevOf(seq)))!;
    expect(empty).toBeDefined();
    db.exec(`UPDATE ledger_entries SET purpose = NULL WHERE seq = ${empty}`);
    expect(fullCheckPasses(read(empty).whole, prevOf(empty))).toBe(false);
    expect(fastTextOk(read(empty).fast, prevOf(empty))).toBe(false);
    // A few rewrites leave the hashed text as it was (a BLOB of the same bytes in a column read with String()).
    expect(fastAccepted).toBeLessThan(cases.length / 4);
  }, 60_000);

  // Moving `,"disclosed_tier":"…"` into decision, the value before the one key the SQL leaves out when it is NULL,
  // rebuilds the sealed text byte for byte: only the quote check on the values stands in the way.
  it("refuses the sealed disclosed_tier moved into decision, which writes the sealed text again", () => {
    const { db, read } = ledger(200, 13, 0);
    const prevOf = (seq: number) => read(seq - 1).whole[COL.entry_hash] as string;
    const seqs = db.prepare("SELECT seq FROM ledger_entries WHERE disclosed_tier IS NOT NULL AND seq > 1").pluck().all() as number[];
    expect(seqs.length).toBeGreaterThan(10);
    for (const seq of seqs.slice(0, 10)) {
      const before = read(seq);
      expect(fastTextOk(before.fast, prevOf(seq))).toBe(true);
      db.exec(`UPDATE ledger_entries SET decision = decision || '","disclosed_tier":"' || disclosed_tier, disclosed_tier = NULL WHERE seq = ${seq}`);
      const after = read(seq);
      expect(after.fast[FAST.text]).toBe(before.fast[FAST.text]);
      expect(fullCheckPasses(after.whole, prevOf(seq))).toBe(false);
      expect(fastTextOk(after.fast, prevOf(seq))).toBe(false);
    }
  });

  /**
   * Applies each UPDATE in `sets` to its own row of `seqs`, then seals that row again with an entry_hash over the fast
   * read's own text (what a forger who rewrites hashes writes): the full check must refuse it, and so must the fast read.
   */
  function expectRefusedUnderFreshHash({ db, read }: ReturnType<typeof ledger>, seqs: readonly number[], sets: readonly string[]) {
    const prevOf = (seq: number) => read(seq - 1).whole[COL.entry_hash] as string;
    expect(seqs.length).toBeGreaterThanOrEqual(sets.length);
    // A row after a forged one no longer links to it: both checks would refuse it for that alone.
    const used = seqs.slice(0, sets.length);
    expect(used.filter((seq) => used.includes(seq - 1))).toEqual([]);
    sets.forEach((set, i) => {
      const seq = seqs[i];
      db.exec(`UPDATE ledger_entries SET ${set} WHERE seq = ${seq}`);
      const text = read(seq).fast[FAST.text] as string;
      db.prepare("UPDATE ledger_entries SET entry_hash = ? WHERE seq = ?").run(createHash("sha256").update(text).digest("hex"), seq);
      const { fast, whole } = read(seq);
      expect(fast[FAST.text]).toBe(text);
      expect({ set, full: fullCheckPasses(whole, prevOf(seq)) }).toEqual({ set, full: false });
      expect({ set, fast: fastTextOk(fast, prevOf(seq)) }).toEqual({ set, fast: false });
    });
  }

  // Decision 039: a raw control character stays raw in the fast read's text, where the full check escapes it; a forger
  // who hashes that text gets a matching entry_hash, so the fast read must refuse the character itself.
  it("refuses a raw control character under an entry_hash made over the fast read's own text, as the full check does", () => {
    const l = ledger(200, 19, 0);
    const seqs = l.db
      .prepare("SELECT seq FROM ledger_entries WHERE record_id IS NOT NULL AND seq > 1 AND seq % 2 = 0 LIMIT 4")
      .pluck()
      .all() as number[];
    expectRefusedUnderFreshHash(l, seqs, [
      `purpose = purpose || char(1)`,
      `action = action || char(31)`,
      `record_id = record_id || char(10)`,
      `resource = char(9) || resource`,
    ]);
  });

  // Decision 039: a forger who moves quotes between fields and seals the result with fresh hashes writes a text that
  // hashes to its entry_hash; the full check serialises the values again and fails it, so the fast read must too.
  it("refuses quotes moved between fields under a fresh entry_hash, as the full check does", () => {
    const l = ledger(200, 17, 0);
    const seqs = l.db
      .prepare(
        "SELECT seq FROM ledger_entries WHERE actor_id IS NOT NULL AND record_id IS NOT NULL AND payload_hash IS NOT NULL AND ua_hash IS NOT NULL AND seq > 1",
      )
      .pluck()
      .all() as number[];
    expectRefusedUnderFreshHash(l, seqs, [
      `action = action || '","actor_id":"' || actor_id, actor_id = NULL`,
      `purpose = purpose || '","record_id":"' || record_id, record_id = NULL`,
      `resource = resource || '"', request_id = request_id || '"'`,
      `occurred_at = occurred_at || '","payload_hash":"' || payload_hash, payload_hash = NULL`,
      `ua_hash = ua_hash || '"'`,
      `columns_shown = '[]', purpose = purpose || '"'`,
    ]);
  });

  // Decision 039, second part: the fast read checks the text's whole shape in JS, so each thing the shape rules out
  // is tried under a fresh entry_hash: column lists out of canonical form (the full check parses and writes them
  // again), a row_count JS cannot read exactly (the full check writes the number it read), and NULL in a required
  // value that concat() writes as "" (the full check reads null).
  it("refuses lists out of canonical form, a row_count beyond 2^53 and NULL required values under a fresh entry_hash", () => {
    const l = ledger(200, 23, 0);
    const seqs = l.db.prepare("SELECT seq FROM ledger_entries WHERE seq > 1 AND seq % 2 = 0").pluck().all() as number[];
    expectRefusedUnderFreshHash(l, seqs, [
      `columns_shown = '["a", "b"]'`,
      `columns_masked = '["a",]'`,
      `columns_denied = '[1]'`,
      `columns_shown = '{}'`,
      `columns_denied = '[ ]'`,
      `row_count = 9007199254740993`,
      `actor_role = NULL`,
      `policy_version = NULL`,
      `resource = NULL`,
      `occurred_at = NULL`,
    ]);
  });

  // The shape test decides which rows are key rotations from the text: it must read the action that was stored.
  it("reads a key rotation from the text only when the action is the rotation's", () => {
    const { db, read } = ledger(200, 29, 0);
    const prevOf = (seq: number) => read(seq - 1).whole[COL.entry_hash] as string;
    const rotations = db.prepare("SELECT seq FROM ledger_entries WHERE action = 'ledger.key_rotated'").pluck().all() as number[];
    expect(rotations.length).toBeGreaterThan(2);
    for (const seq of rotations.filter((s) => s > 1)) {
      expect(fastTextOk(read(seq).fast, prevOf(seq))).toBe(true);
      expect(fastRotated(read(seq).fast)).toBe(true);
    }
    db.exec(`UPDATE ledger_entries SET action = 'ledger.key_rotated_not' WHERE seq = 3`);
    db.prepare("UPDATE ledger_entries SET entry_hash = ? WHERE seq = 3").run(
      createHash("sha256")
        .update(read(3).fast[FAST.text] as string)
        .digest("hex"),
    );
    expect(fastTextOk(read(3).fast, prevOf(3))).toBe(true);
    expect(fastRotated(read(3).fast)).toBe(false);
  });
});
