// The part of `ledger verify` that a worker thread of the parallel walk needs (decision 018, Speed), kept apart from
// verify.ts so each worker loads only this, the row shape and the Merkle hashing: the row fast path (a hand-written
// serialiser of the fixed entry shape in canonical-row.ts, shared with sealing), the SQLite read that has the database
// write the hashed text itself (decision 029), and the walk of one chunk.
import { hash } from "node:crypto";
import { canonicalRowText } from "./canonical-row";
import { MerkleFrontier } from "./merkle";
import { LEDGER_COLUMNS } from "./row";

/** The ledger action that switches the checkpoint key; its payload carries the old key's signature over the new. */
export const KEY_ROTATED_ACTION = "ledger.key_rotated";

export const COL = Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c, i])) as Record<(typeof LEDGER_COLUMNS)[number], number>;
const STRING_COLS = [
  "occurred_at",
  "actor_role",
  "action",
  "privacy_tier",
  "resource",
  "purpose",
  "decision",
  "columns_shown",
  "columns_masked",
  "columns_denied",
  "policy_version",
  "request_id",
  "prev_hash",
  "entry_hash",
].map((c) => COL[c as keyof typeof COL]);
const NULLABLE_COLS = ["actor_id", "record_id", "ip_hash", "ua_hash", "disclosed_tier", "payload", "payload_hash"].map(
  (c) => COL[c as keyof typeof COL],
);

const q = JSON.stringify;

/** Column lists seen in canonical form; they repeat (the same dataset's columns), so each is parsed once. */
const canonicalLists = new Map<string, boolean>();
function isCanonicalList(text: string): boolean {
  let known = canonicalLists.get(text);
  if (known === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    known = Array.isArray(parsed) && parsed.every((v) => typeof v === "string") && q(parsed) === text;
    if (canonicalLists.size > 50_000) canonicalLists.clear();
    canonicalLists.set(text, known);
  }
  return known;
}

/** Whether a row of the fixed shape is intact and links to prevHash (null: not checked). False sends the row down
 * the general path, which says why; so this only has to be right about "intact". */
export function fastRowOk(r: readonly unknown[], prevHash: string | null): boolean {
  for (const i of STRING_COLS) if (typeof r[i] !== "string") return false;
  for (const i of NULLABLE_COLS) if (r[i] !== null && typeof r[i] !== "string") return false;
  const seq = r[COL.seq];
  const rowCount = r[COL.row_count];
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || typeof rowCount !== "number" || !Number.isFinite(rowCount)) return false;
  if (
    !isCanonicalList(r[COL.columns_shown] as string) ||
    !isCanonicalList(r[COL.columns_masked] as string) ||
    !isCanonicalList(r[COL.columns_denied] as string)
  ) {
    return false;
  }
  if (prevHash !== null && r[COL.prev_hash] !== prevHash) return false;
  const payload = r[COL.payload] as string | null;
  if (payload !== null && hash("sha256", payload, "hex") !== r[COL.payload_hash]) return false;
  return hash("sha256", canonicalRowText(r), "hex") === r[COL.entry_hash];
}

/** Whether the three column lists, as `shown \x01 masked \x01 denied`, are each in canonical form. */
const canonicalTriples = new Map<string, boolean>();
function listsCanonical(triple: unknown): boolean {
  if (typeof triple !== "string") return false;
  let known = canonicalTriples.get(triple);
  if (known === undefined) {
    const parts = triple.split("\x01");
    known = parts.length === 3 && parts.every(isCanonicalList);
    if (canonicalTriples.size > 50_000) canonicalTriples.clear();
    canonicalTriples.set(triple, known);
  }
  return known;
}

// Decision 029. Reading a row into JS costs a string per column and the serialiser another pass over them; SQLite
// writes the hashed text itself, in one concat() call, so a row reaches JS as that text and the few values the other
// checks need. The text equals canonicalRowText(row) whenever it can hash to entry_hash and `plain` is 1:
// - every value JSON.stringify would not copy as is is kept out: a double quote in a quoted value makes `plain` 0, and
//   a backslash or a control character (NUL included, which LIKE stops at) anywhere fails the JS test on the text
//   (ESCAPED). A control character must be tested, not left to the hash: a canonical text never holds one raw, but an
//   entry_hash recomputed over the raw text would match it (decision 039);
// - a required value that is NULL makes `plain` NULL (`||` keeps NULL, where concat would skip it); a decision or
//   privacy_tier that is not text, or a row_count that is not an integer, makes it 0; a nullable column that is
//   neither text nor NULL writes a NUL. The other text columns the full check reads with String(), so a BLOB of the
//   sealed bytes passes there as here (verify-fast-read.test.ts writes every storage class into every column);
// - the column lists go in raw, so JS checks them for canonical form (cached per distinct triple), as fastRowOk does.
// With quotes only around the values, every field of such a text is delimited where the canonical text's is, so
// text = canonical text implies each stored value is the one that was sealed. Any row that fails anything here is
// read whole and goes through fastRowOk, so this path only has to be right about "intact".
/** What JSON.stringify writes escaped: a text holding one raw is not canonical (the row goes through the full check). */
const ESCAPED = /[\\\u0000-\u001f]/;
const nullable = (c: string) => `CASE typeof(${c}) WHEN 'text' THEN '"' || ${c} || '"' WHEN 'null' THEN 'null' ELSE char(0) END`;
// The quotes of required values sit in the literals: one concat argument per value, no string built per value.
const SQLITE_TEXT = `concat('{"action":"', action, '","actor_id":', ${nullable("actor_id")}, ',"actor_role":"', actor_role,
 '","columns_denied":', columns_denied, ',"columns_masked":', columns_masked, ',"columns_shown":', columns_shown,
 ',"decision":"', decision, '"',
 CASE typeof(disclosed_tier) WHEN 'null' THEN '' WHEN 'text' THEN ',"disclosed_tier":"' || disclosed_tier || '"' ELSE char(0) END,
 ',"ip_hash":', ${nullable("ip_hash")}, ',"occurred_at":"', occurred_at, '","payload_hash":', ${nullable("payload_hash")},
 ',"policy_version":"', policy_version, '","prev_hash":"', prev_hash, '","privacy_tier":"', privacy_tier,
 '","purpose":"', purpose, '","record_id":', ${nullable("record_id")}, ',"request_id":"', request_id,
 '","resource":"', resource, '","row_count":', row_count, ',"seq":', seq, ',"ua_hash":', ${nullable("ua_hash")}, '}')`;
const REQUIRED_VALUES = [
  "action",
  "actor_role",
  "decision",
  "occurred_at",
  "policy_version",
  "prev_hash",
  "privacy_tier",
  "purpose",
  "request_id",
  "resource",
];
const NULLABLE_VALUES = ["actor_id", "disclosed_tier", "ip_hash", "payload_hash", "record_id", "ua_hash"];
const SQLITE_PLAIN = `(${REQUIRED_VALUES.join(" || ")} || concat(${NULLABLE_VALUES.join(", ")})) NOT LIKE '%"%'
 AND typeof(decision) = 'text' AND typeof(privacy_tier) = 'text' AND typeof(row_count) = 'integer'`;
/** The select list of the SQLite fast read, in FAST order. */
export const SQLITE_FAST_COLUMNS = [
  "seq",
  SQLITE_TEXT,
  "prev_hash",
  "entry_hash",
  "payload",
  "payload_hash",
  `action = '${KEY_ROTATED_ACTION}'`,
  "concat(columns_shown, char(1), columns_masked, char(1), columns_denied)",
  SQLITE_PLAIN,
].join(", ");
export const FAST = { seq: 0, text: 1, prev: 2, entry: 3, payload: 4, payloadHash: 5, rotated: 6, lists: 7, plain: 8 } as const;

/** Whether a row of the fast read is intact and links to prevHash (null: not checked); false: read it whole. */
export function fastTextOk(r: readonly unknown[], prevHash: string | null): boolean {
  const text = r[FAST.text];
  if (r[FAST.plain] !== 1 || typeof text !== "string" || ESCAPED.test(text)) return false;
  if (prevHash !== null && r[FAST.prev] !== prevHash) return false;
  if (!listsCanonical(r[FAST.lists])) return false;
  const payload = r[FAST.payload];
  if (payload !== null && (typeof payload !== "string" || hash("sha256", payload, "hex") !== r[FAST.payloadHash])) return false;
  return hash("sha256", text, "hex") === r[FAST.entry];
}

export interface Rotation {
  seq: number;
  payload: string | null;
}

/** One chunk of a parallel walk: seqs from+1..to, and the tree sizes in that range whose roots are wanted. */
export interface ChunkTask {
  index: number;
  from: number;
  to: number;
  sizes: number[];
  /** Subtrees [start, end) inside the chunk that consistency proofs ask for, by ascending end (decision 029). */
  ranges: Array<[number, number]>;
}

/** What a worker says of a chunk: O(log n + checkpoints) facts, no rows. Roots are MTHs of the chunk's own leaves. */
export interface ChunkSummary {
  index: number;
  /** Every seq from+1..to present once, in order, each row intact and linked to the one before it in the chunk. */
  clean: boolean;
  firstPrev: string | null;
  lastHash: string | null;
  count: number;
  missingPayloads: { count: number; firstSeq: number | null };
  rotations: Rotation[];
  /** MTH of the chunk's leaves (the chunk is a perfect subtree unless it is the last). */
  root: string | null;
  /** MTH of the chunk's leaves up to each wanted size. */
  roots: Array<[number, string]>;
  /** MTH of each wanted range, as [start, end, hex]. */
  ranges: Array<[number, number, string]>;
}

export type WorkerMessage =
  { type: "ready" } | { type: "progress"; rows: number } | { type: "chunk"; summary: ChunkSummary } | { type: "error"; message: string };

/** How a worker reads rows: whole (LEDGER_COLUMNS order), or the SQLite fast read (FAST order) with a way to read
 * one row whole when the fast test fails. */
export type RowForm = { fast: false } | { fast: true; readWhole: (seq: number) => unknown[] | undefined };

/** The worker's walk of one chunk; push() returns false at the first row that is not clean (the walk stops). */
export function chunkWalk(task: ChunkTask, frontier: MerkleFrontier, form: RowForm = { fast: false }) {
  let expected = task.from + 1;
  let prev: string | null = null;
  let clean = true;
  let wanted = 0;
  const out: ChunkSummary = {
    index: task.index,
    clean: false,
    firstPrev: null,
    lastHash: null,
    count: 0,
    missingPayloads: { count: 0, firstSeq: null },
    rotations: [],
    root: null,
    roots: [],
    ranges: [],
  };
  let nextRange = 0;
  // Positions of the values the walk needs, in the form rows come in.
  const at = form.fast
    ? { seq: FAST.seq, prev: FAST.prev, entry: FAST.entry, payload: FAST.payload, payloadHash: FAST.payloadHash }
    : { seq: COL.seq, prev: COL.prev_hash, entry: COL.entry_hash, payload: COL.payload, payloadHash: COL.payload_hash };
  return {
    get lastSeq() {
      return expected - 1;
    },
    push(rows: readonly unknown[][]): boolean {
      for (let r of rows) {
        if (r[at.seq] !== expected) {
          clean = false;
          return false;
        }
        let rotated: boolean;
        if (!form.fast) {
          if (!fastRowOk(r, prev)) {
            clean = false;
            return false;
          }
          rotated = r[COL.action] === KEY_ROTATED_ACTION;
        } else if (fastTextOk(r, prev)) {
          rotated = r[FAST.rotated] === 1;
        } else {
          const whole = form.readWhole(expected);
          if (!whole || !fastRowOk(whole, prev)) {
            clean = false;
            return false;
          }
          r = toFast(whole);
          rotated = whole[COL.action] === KEY_ROTATED_ACTION;
        }
        if (prev === null) out.firstPrev = r[at.prev] as string;
        if (r[at.payload] === null && r[at.payloadHash] !== null) {
          out.missingPayloads.count++;
          out.missingPayloads.firstSeq ??= expected;
        }
        if (rotated) out.rotations.push({ seq: expected, payload: r[at.payload] as string | null });
        prev = r[at.entry] as string;
        if (nextRange < task.ranges.length && task.ranges[nextRange][1] === expected) {
          // Subtrees ending at this leaf, folded before it is pushed (MerkleFrontier.foldFrom).
          const leaf = MerkleFrontier.leafDigest(prev);
          for (; nextRange < task.ranges.length && task.ranges[nextRange][1] === expected; nextRange++) {
            const start = task.ranges[nextRange][0];
            const digest = frontier.foldFrom(start - task.from, leaf);
            if (digest !== null) out.ranges.push([start, expected, Buffer.from(digest, "latin1").toString("hex")]);
          }
          frontier.pushDigest(leaf);
        } else {
          frontier.pushEntryHash(prev);
        }
        if (wanted < task.sizes.length && task.sizes[wanted] === expected) {
          out.roots.push([expected, frontier.root().toString("hex")]);
          wanted++;
        }
        expected++;
      }
      return true;
    },
    finish(): ChunkSummary {
      out.clean = clean && expected === task.to + 1 && wanted === task.sizes.length;
      out.count = expected - 1 - task.from;
      out.lastHash = prev;
      out.root = frontier.root().toString("hex");
      return out;
    },
  };
}

/** A whole row's values at the FAST positions the walk reads after its checks. */
function toFast(whole: readonly unknown[]): unknown[] {
  const r: unknown[] = [];
  r[FAST.seq] = whole[COL.seq];
  r[FAST.prev] = whole[COL.prev_hash];
  r[FAST.entry] = whole[COL.entry_hash];
  r[FAST.payload] = whole[COL.payload];
  r[FAST.payloadHash] = whole[COL.payload_hash];
  return r;
}
