import { describe, expect, it } from "vitest";
import { PRIVACY_TIERS } from "@/lib/core/tiers";
import { canonicalJson } from "@/lib/core/canonical-json";
import { sha256Hex } from "@/lib/core/hash";
import { canonicalEntryText, canonicalPayloadText, canonicalRowText } from "./canonical-row";
import { canonicalEntry, GENESIS_HASH, hashEntry, sealEntry, ZLedgerDraft } from "./entry";
import { LEDGER_COLUMNS, pushRowValues, toRow } from "./row";
import { verifyLedgerRows } from "./verify";

// Deterministic, so a failure reproduces: a small LCG over awkward text.
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}
const PIECES = [
  "a",
  "Ω",
  "é",
  "💥",
  "\u2028",
  "\u0000",
  "\u001f",
  '"',
  "\\",
  "/",
  "\ud800",
  "\udc00",
  "漢字",
  " ",
  "\n",
  "\t",
  "<>&",
  "'",
  "\u007f",
  "e\u0301",
];

describe("the hand-written serialiser of verify", () => {
  it("writes exactly canonicalEntry's bytes (and the store its row's values) for 5,000 entries with unicode, lone surrogates, control characters and nulls", () => {
    const rand = rng(42);
    const text = (max: number) => Array.from({ length: Math.floor(rand() * max) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join("");
    const maybe = <T>(v: T) => (rand() < 0.5 ? null : v);
    let head: { seq: number; entryHash: string } | null = null;
    const differ: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const draft = ZLedgerDraft.parse({
        actorId: maybe(`usr_${text(8)}`),
        actorRole: text(6) || "system",
        action: "test.serialised",
        privacyTier: PRIVACY_TIERS[i % PRIVACY_TIERS.length],
        resource: text(20) || "r",
        recordId: maybe(text(12)),
        purpose: text(40),
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
        payload: rand() < 0.5 ? null : { n: i, s: text(10), nested: { b: rand() < 0.5 } },
      });
      const entry = sealEntry(draft, head);
      head = entry;
      const row = toRow(entry);
      const general = canonicalEntry(entry);
      const cells = LEDGER_COLUMNS.map((c) => row[c]);
      const pushed: unknown[] = [];
      pushRowValues(pushed, entry); // what the SQLite store inserts, several rows to a statement
      // Sealing's serialiser and the row serialiser verify uses both write the general serialiser's bytes, and the
      // hash sealing stored is the general one's: no entry hashes differently for the fast path.
      if (
        canonicalRowText(cells) !== general ||
        canonicalEntryText(entry) !== general ||
        entry.entryHash !== hashEntry(entry) ||
        entry.payload !== (draft.payload === null ? null : canonicalJson(draft.payload)) ||
        entry.payloadHash !== (entry.payload === null ? null : sha256Hex(entry.payload)) ||
        pushed.length !== cells.length ||
        pushed.some((v, k) => v !== cells[k])
      ) {
        differ.push(entry.seq);
      }
    }
    expect(differ).toEqual([]);
    expect(head!.seq).toBe(5_000);
  }, 60_000);

  it("seals payloads to canonicalJson's bytes, and throws where it throws, for 3,000 generated payloads", () => {
    const rand = rng(7);
    const text = (max: number) => Array.from({ length: Math.floor(rand() * max) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join("");
    const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789.123, Number.MAX_SAFE_INTEGER, 5e-324, NaN, Infinity];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3) return text(6);
      if (r < 0.4) return NUMBERS[Math.floor(rand() * NUMBERS.length)];
      if (r < 0.45) return rand() < 0.5;
      if (r < 0.5) return null;
      if (r < 0.52) return undefined;
      if (r < 0.7) {
        const a = Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
        if (rand() < 0.1) a[a.length + 1] = 1; // a hole
        return a;
      }
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [text(4), value(depth + 1)]));
    };
    const run = (f: (v: unknown) => string, v: unknown) => {
      try {
        return f(v);
      } catch (err) {
        return `threw ${(err as Error).message}`;
      }
    };
    const differ: number[] = [];
    let threw = 0;
    for (let i = 0; i < 3_000; i++) {
      const payload = { n: i, v: value(0), nested: { [text(3)]: value(1), date: rand() < 0.05 ? new Date(0) : "d" } };
      const general = run(canonicalJson, payload);
      if (general.startsWith("threw")) threw++;
      if (run(canonicalPayloadText, payload) !== general) differ.push(i);
    }
    expect(differ).toEqual([]);
    expect(threw).toBeGreaterThan(0); // the generator does reach the throwing inputs
    expect(threw).toBeLessThan(2_000); // and mostly writes bytes
  });

  it("still reports what the general path reports for a row of another shape (a number stored as text)", async () => {
    const entry = sealEntry(
      ZLedgerDraft.parse({
        actorId: null,
        actorRole: "system",
        action: "test.a",
        privacyTier: "none",
        resource: "r",
        decision: "allow",
        requestId: "q",
      }),
      null,
    );
    expect(entry.prevHash).toBe(GENESIS_HASH);
    const row = toRow(entry);
    expect((await verifyLedgerRows([row])).ok).toBe(true);
    expect((await verifyLedgerRows([{ ...row, row_count: "0" }])).ok).toBe(true); // same value, as SQLite may hand it back
    expect((await verifyLedgerRows([{ ...row, columns_shown: "[ ]" }])).firstBad).toEqual({
      seq: 1,
      reason: "column columns_shown is not in canonical form",
    });
  });
});
