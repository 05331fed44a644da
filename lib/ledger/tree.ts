// The ledger as a Merkle tree (merkle.ts): leaf i is the entry at seq i + 1. Checkpoints, inclusion proofs and
// consistency proofs ask this source for subtree hashes. Aligned perfect subtrees of 2^STORED_LEVEL leaves and more
// are stored in ledger_tree_nodes (extended when a checkpoint is made), so a root or a proof costs O(log n) reads:
// one stored node per level, plus at most a few hundred entry hashes at the ragged right edge. The nodes are a cache
// of the immutable entries; verify never trusts them (decision 018).
import type { DbTarget } from "@/lib/db/dialect";
import { retryWhileBusy } from "@/lib/db/busy";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { EMPTY_ROOT, leafHash, nodeHash, rootOf, splitPoint, type SubtreeSource } from "./merkle";

/** Nodes of 2^8 = 256 leaves and up are stored: 2/256 of a row per entry, and at most 255 entry reads per edge. */
export const STORED_LEVEL = 8;
const BLOCK = 2 ** STORED_LEVEL;
/** Level-STORED_LEVEL nodes written per transaction while extending. */
const EXTEND_BATCH_BLOCKS = 64;

interface TreeDb {
  entryHashes(start: number, end: number): Promise<string[]>;
  node(level: number, idx: number): Promise<Buffer | null>;
  /** Nodes of `level` from `fromIdx` on, in order (at most `limit`). */
  nodes(level: number, fromIdx: number, limit: number): Promise<Buffer[]>;
  /** How many nodes `level` holds (they are contiguous from 0). */
  width(level: number): Promise<number>;
  insert(level: number, fromIdx: number, hashes: Buffer[]): Promise<void>;
}

function treeDb(target: DbTarget): TreeDb {
  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    const entries = db.prepare("SELECT entry_hash FROM ledger_entries WHERE seq > ? AND seq <= ? ORDER BY seq").pluck();
    const node = db.prepare("SELECT hash FROM ledger_tree_nodes WHERE level = ? AND idx = ?").pluck();
    const nodes = db.prepare("SELECT hash FROM ledger_tree_nodes WHERE level = ? AND idx >= ? ORDER BY idx LIMIT ?").pluck();
    const width = db.prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_tree_nodes WHERE level = ?").pluck();
    const ins = db.prepare("INSERT OR IGNORE INTO ledger_tree_nodes (level, idx, hash) VALUES (?, ?, ?)");
    const insertAll = db.transaction((level: number, fromIdx: number, hashes: Buffer[]) => {
      hashes.forEach((h, i) => ins.run(level, fromIdx + i, h.toString("hex")));
    });
    return {
      entryHashes: async (start, end) => entries.all(start, end) as string[],
      node: async (level, idx) => {
        const h = node.get(level, idx) as string | undefined;
        return h === undefined ? null : Buffer.from(h, "hex");
      },
      nodes: async (level, fromIdx, limit) => (nodes.all(level, fromIdx, limit) as string[]).map((h) => Buffer.from(h, "hex")),
      width: async (level) => Number(width.get(level)),
      // Concurrent extenders compute the same hashes: whoever comes second ignores its duplicates.
      insert: (level, fromIdx, hashes) => retryWhileBusy(() => insertAll.immediate(level, fromIdx, hashes), { what: "the ledger tree" }),
    };
  }
  const pool = pgPool(target.url);
  return {
    entryHashes: async (start, end) =>
      (
        await pool.query({
          text: "SELECT entry_hash FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq",
          values: [start, end],
          rowMode: "array",
        })
      ).rows.map((r: unknown[]) => r[0] as string),
    node: async (level, idx) => {
      const { rows } = await pool.query<{ hash: string }>("SELECT hash FROM ledger_tree_nodes WHERE level = $1 AND idx = $2", [level, idx]);
      return rows[0] ? Buffer.from(rows[0].hash, "hex") : null;
    },
    nodes: async (level, fromIdx, limit) =>
      (
        await pool.query<{ hash: string }>("SELECT hash FROM ledger_tree_nodes WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3", [
          level,
          fromIdx,
          limit,
        ])
      ).rows.map((r) => Buffer.from(r.hash, "hex")),
    width: async (level) =>
      Number((await pool.query<{ w: number }>("SELECT COALESCE(MAX(idx) + 1, 0) AS w FROM ledger_tree_nodes WHERE level = $1", [level])).rows[0].w),
    insert: async (level, fromIdx, hashes) => {
      await pool.query(
        "INSERT INTO ledger_tree_nodes (level, idx, hash) SELECT $1, i, h FROM unnest($2::int[], $3::text[]) AS t(i, h) ON CONFLICT DO NOTHING",
        [level, hashes.map((_, i) => fromIdx + i), hashes.map((h) => h.toString("hex"))],
      );
    },
  };
}

const isPowerOfTwo = (n: number) => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;

async function leavesRoot(db: TreeDb, start: number, end: number): Promise<Buffer> {
  const hashes = await db.entryHashes(start, end);
  if (hashes.length !== end - start) throw new Error(`the ledger holds ${hashes.length} of the entries ${start + 1}..${end}`);
  return rootOf(hashes.map(leafHash));
}

export function ledgerTree(target: DbTarget): SubtreeSource {
  const db = treeDb(target);
  return {
    async rangeHash(start: number, end: number): Promise<Buffer> {
      if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end)) {
        throw new RangeError(`no subtree ${start}..${end}`);
      }
      const covered = (await db.width(STORED_LEVEL)) * BLOCK;
      const mth = async (s: number, e: number): Promise<Buffer> => {
        const n = e - s;
        if (n === 0) return EMPTY_ROOT;
        // Small, or past what is stored: the entries themselves, in one read.
        if (n < BLOCK || s >= covered) return leavesRoot(db, s, e);
        if (isPowerOfTwo(n) && s % n === 0) {
          const stored = await db.node(Math.log2(n), s / n);
          if (stored) return stored;
        }
        const k = splitPoint(n);
        return nodeHash(await mth(s, s + k), await mth(s + k, e));
      };
      return mth(start, end);
    },
  };
}

/**
 * Stores every aligned perfect subtree of 2^STORED_LEVEL leaves and up within the first `size` entries that is not
 * stored yet. Idempotent and safe to run concurrently (the hashes are a function of immutable entries).
 */
export async function extendLedgerTree(target: DbTarget, size: number): Promise<void> {
  const db = treeDb(target);
  const blocks = Math.floor(size / BLOCK);
  for (let idx = await db.width(STORED_LEVEL); idx < blocks;) {
    const upto = Math.min(blocks, idx + EXTEND_BATCH_BLOCKS);
    const hashes = await db.entryHashes(idx * BLOCK, upto * BLOCK);
    if (hashes.length !== (upto - idx) * BLOCK)
      throw new Error(`the ledger holds ${hashes.length} of the entries ${idx * BLOCK + 1}..${upto * BLOCK}`);
    const leaves = hashes.map(leafHash);
    const out: Buffer[] = [];
    for (let b = 0; b < upto - idx; b++) out.push(rootOf(leaves.slice(b * BLOCK, (b + 1) * BLOCK)));
    await db.insert(STORED_LEVEL, idx, out);
    idx = upto;
  }
  for (let level = STORED_LEVEL + 1; 2 ** level <= size; level++) {
    const want = Math.floor((await db.width(level - 1)) / 2);
    for (let idx = await db.width(level); idx < want;) {
      const upto = Math.min(want, idx + 4_096);
      const children = await db.nodes(level - 1, idx * 2, (upto - idx) * 2);
      if (children.length !== (upto - idx) * 2) throw new Error(`ledger_tree_nodes level ${level - 1} has a hole before ${upto * 2}`);
      const out: Buffer[] = [];
      for (let i = 0; i < children.length; i += 2) out.push(nodeHash(children[i], children[i + 1]));
      await db.insert(level, idx, out);
      idx = upto;
    }
  }
}
