// The part of `ledger verify` that a worker thread of the parallel walk needs (decision 018, Speed), kept apart from
// verify.ts so each worker loads only this, the row shape and the Merkle hashing: the row fast path (a hand-written
// serialiser of the fixed entry shape in canonical-row.ts, shared with sealing) and the walk of one chunk.
import { hash } from "node:crypto";
import { canonicalRowText } from "./canonical-row";
import { leafHash, type MerkleFrontier } from "./merkle";
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

const LEAF = Buffer.alloc(33);
/** merkle.ts leafHash, without its allocations, for well-formed hashes. */
export function fastLeaf(entryHash: string): Buffer {
  if (entryHash.length === 64 && LEAF.write(entryHash, 1, "hex") === 32) return hash("sha256", LEAF, "buffer");
  return leafHash(entryHash);
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
}

export type WorkerMessage =
  { type: "ready" } | { type: "progress"; rows: number } | { type: "chunk"; summary: ChunkSummary } | { type: "error"; message: string };

/** The worker's walk of one chunk; push() returns false at the first row that is not clean (the walk stops). */
export function chunkWalk(task: ChunkTask, frontier: MerkleFrontier) {
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
  };
  return {
    get lastSeq() {
      return expected - 1;
    },
    push(rows: readonly unknown[][]): boolean {
      for (const r of rows) {
        if (r[COL.seq] !== expected || !fastRowOk(r, prev)) {
          clean = false;
          return false;
        }
        if (prev === null) out.firstPrev = r[COL.prev_hash] as string;
        if (r[COL.payload] === null && r[COL.payload_hash] !== null) {
          out.missingPayloads.count++;
          out.missingPayloads.firstSeq ??= expected;
        }
        if (r[COL.action] === KEY_ROTATED_ACTION) out.rotations.push({ seq: expected, payload: r[COL.payload] as string | null });
        prev = r[COL.entry_hash] as string;
        frontier.push(fastLeaf(prev));
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
