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

// Decision 029. Reading a row into JS costs a string per column and the serialiser another pass over them; SQLite
// writes the hashed text itself, in one concat() call, so a row reaches JS as that text and the few values the other
// checks need. The text equals canonicalRowText(row) whenever every value in it is one JSON.stringify copies as is
// (no double quote, backslash or control character), every value has the storage class the full check reads, and no
// required value is NULL (concat() skips a NULL, which would write "" in its place).
// Decision 039 (second part): JS checks the first condition on the text, with one anchored regular expression of the
// whole shape (FAST_SHAPE), where SQLite used to build every value a second time and scan it with LIKE:
// - a value may hold no `"`, `\` or control character, and the three column lists must be JSON arrays of such strings
//   (the canonical form fastRowOk asks of them), the numbers integers of at most 15 digits (below 2^53, where JS
//   reads them exactly). better-sqlite3 decodes UTF-8 into well-formed strings: no lone surrogate, which
//   JSON.stringify would escape, reaches the text;
// - a match says the values the expression sees are clean, and those are the stored values: in a text it matches,
//   every `"name":` with a name of [a-z_] is one of its keys (the quote after a value is followed by `,`, `]` or `}`,
//   the quote before a value's opening quote by `:` or `,`). Each field of the SQL writes one such `"name":`, so when
//   both have the same fields (the SQL says whether it wrote disclosed_tier: `shape`) the SQL's keys are the
//   expression's, at the same places, and the text between two keys is the stored value's rendering in both. A quote
//   in a value that moves text across fields (decision 039's forgeries) leaves a quote where the expression allows
//   none, or a key too many;
// - required values that may not be empty in a sealed entry (ZLedgerDraft) must not be empty here, so a NULL there
//   makes the match fail; purpose and policy_version may be empty, so the SQL says whether they are NULL. A decision
//   or privacy_tier that is not text, or a row_count that is not an integer, makes `shape` NULL; a nullable column
//   that is neither text nor NULL writes a NUL. The other text columns the full check reads with String(), so a BLOB
//   of the sealed bytes passes there as here (verify-fast-read.test.ts writes every storage class into every column).
// Any row that fails anything here is read whole and goes through fastRowOk, so this path only has to be right about
// "intact".
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
/** 1: the text holds no disclosed_tier (it is NULL); 0: it does; NULL: a type or a NULL the text cannot show. */
const SQLITE_SHAPE = `CASE WHEN typeof(decision) = 'text' AND typeof(privacy_tier) = 'text' AND typeof(row_count) = 'integer'
 AND purpose NOT NULL AND policy_version NOT NULL THEN disclosed_tier IS NULL END`;

// The text's shape, key by key in canonical order: a value JSON.stringify copies as is (VALUE), may be empty or not.
const VALUE = String.raw`[^"\\\u0000-\u001f]`;
const SHAPE_PARTS = {
  required: `"${VALUE}+"`,
  mayBeEmpty: `"${VALUE}*"`,
  nullable: `(?:null|"${VALUE}*")`,
  list: String.raw`\[(?:"${VALUE}*"(?:,"${VALUE}*")*)?\]`,
  integer: String.raw`-?\d{1,15}`,
};
const SHAPE_KEYS: Array<[string, keyof typeof SHAPE_PARTS]> = [
  ["action", "required"],
  ["actor_id", "nullable"],
  ["actor_role", "required"],
  ["columns_denied", "list"],
  ["columns_masked", "list"],
  ["columns_shown", "list"],
  ["decision", "required"],
  ["disclosed_tier", "required"],
  ["ip_hash", "nullable"],
  ["occurred_at", "required"],
  ["payload_hash", "nullable"],
  ["policy_version", "mayBeEmpty"],
  ["prev_hash", "required"],
  ["privacy_tier", "required"],
  ["purpose", "mayBeEmpty"],
  ["record_id", "nullable"],
  ["request_id", "required"],
  ["resource", "required"],
  ["row_count", "integer"],
  ["seq", "integer"],
  ["ua_hash", "nullable"],
];
const shapeOf = (disclosed: boolean) =>
  new RegExp(
    `^\\{${SHAPE_KEYS.filter(([key]) => disclosed || key !== "disclosed_tier")
      .map(([key, part]) => `"${key}":${SHAPE_PARTS[part]}`)
      .join(",")}\\}$`,
  );
/** The whole text, by what `shape` says of disclosed_tier (decision 039). */
const FAST_SHAPE = { withoutDisclosed: shapeOf(false), withDisclosed: shapeOf(true) };
/** How a text of a key-rotation entry starts: its action is the first value, whole once FAST_SHAPE matched. */
const ROTATED_TEXT = `{"action":${q(KEY_ROTATED_ACTION)},`;

/** The select list of the SQLite fast read, in FAST order. */
export const SQLITE_FAST_COLUMNS = ["seq", SQLITE_TEXT, "prev_hash", "entry_hash", "payload", "payload_hash", SQLITE_SHAPE].join(", ");
export const FAST = { seq: 0, text: 1, prev: 2, entry: 3, payload: 4, payloadHash: 5, shape: 6 } as const;

/** Whether a row of the fast read is intact and links to prevHash (null: not checked); false: read it whole. */
export function fastTextOk(r: readonly unknown[], prevHash: string | null): boolean {
  const text = r[FAST.text];
  const shape = r[FAST.shape] === 1 ? FAST_SHAPE.withoutDisclosed : r[FAST.shape] === 0 ? FAST_SHAPE.withDisclosed : null;
  if (shape === null || typeof text !== "string" || !shape.test(text)) return false;
  if (prevHash !== null && r[FAST.prev] !== prevHash) return false;
  const payload = r[FAST.payload];
  if (payload !== null && (typeof payload !== "string" || hash("sha256", payload, "hex") !== r[FAST.payloadHash])) return false;
  return hash("sha256", text, "hex") === r[FAST.entry];
}

/** Whether a row fastTextOk passed is a key rotation. */
export function fastRotated(r: readonly unknown[]): boolean {
  return (r[FAST.text] as string).startsWith(ROTATED_TEXT);
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
          rotated = fastRotated(r);
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
