// The ledger's Merkle tree, RFC 6962 §2.1 (as restated in RFC 9162 §2.1): leaf i is the entry at seq i + 1, and its
// leaf data is the 32 raw bytes of that entry's entry_hash. Pure: hashing, proof generation over any source of
// subtree hashes, and the RFC 9162 verification algorithms, which `ledger verify --proof` and bundles run offline.
// Tree sizes and indices are plain numbers (exact up to 2^53), halved by division, never by 32-bit shifts.
import { createHash, hash } from "node:crypto";

const LEAF_PREFIX = Buffer.from([0x00]);
// Scratch buffers for one-shot hashing of a leaf (0x00 || 32 bytes) and a node (0x01 || 32 || 32). Synchronous, so one
// pair per thread is safe.
const LEAF = Buffer.alloc(33, 0x00);
const PAIR = Buffer.alloc(65, 0x01);

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash("sha256").digest();

/** MTH({d}) = SHA-256(0x00 || d), with d the entry's entry_hash as 32 bytes. */
export function leafHash(entryHashHex: string): Buffer {
  if (entryHashHex.length === 64 && LEAF.write(entryHashHex, 1, "hex") === 32) return hash("sha256", LEAF, "buffer") as unknown as Buffer;
  // Not 64 hex digits (a tampered row): whatever bytes it decodes to, as before.
  return createHash("sha256").update(LEAF_PREFIX).update(Buffer.from(entryHashHex, "hex")).digest();
}

// One scratch buffer and a one-shot hash per node: verify hashes ~2 nodes per entry, and a Hash object per node
// (three updates, a digest) cost more than the SHA-256 itself. Synchronous, so one buffer per thread is safe.
const NODE = Buffer.alloc(65, 0x01);

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  if (left.length === 32 && right.length === 32) {
    left.copy(NODE, 1);
    right.copy(NODE, 33);
    return hash("sha256", NODE, "buffer") as unknown as Buffer;
  }
  return createHash("sha256").update(NODE.subarray(0, 1)).update(left).update(right).digest();
}

/** The largest power of two smaller than n (n >= 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The root over leaf hashes held in memory (tests, bundles, small ranges). */
export function rootOf(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  if (!leaves.every((l) => l.length === 32)) {
    const mth = (start: number, end: number): Buffer => {
      const n = end - start;
      if (n === 1) return leaves[start];
      const k = splitPoint(n);
      return nodeHash(mth(start, start + k), mth(start + k, end));
    };
    return mth(0, leaves.length);
  }
  // Pushed in order, the frontier folds to the same RFC 6962 root, without a Buffer per inner node.
  const f = new MerkleFrontier();
  for (const l of leaves) f.push(l);
  return f.root();
}

// The frontier keeps its digests as 32-character latin1 ("binary") strings and hashes into two scratch buffers: a Buffer per
// digest (crypto.hash's "buffer" output) cost three times the SHA-256 of a node, and verify hashes ~2 per entry.
const pairDigest = (left: string, right: string): string => {
  PAIR.write(left, 1, "latin1");
  PAIR.write(right, 33, "latin1");
  return hash("sha256", PAIR, "binary");
};
const digestOf = (b: Buffer): string => {
  if (b.length !== 32) throw new RangeError(`a Merkle node is 32 bytes, not ${b.length}`);
  return b.toString("latin1");
};

/**
 * Streams leaves in order and yields the root of every prefix on request, in O(log n) memory: the stack holds the
 * roots of the perfect subtrees that make up the leaves so far (the tree's "frontier"). verify uses it to check each
 * checkpoint's root while walking the chain once.
 */
export class MerkleFrontier {
  /** Perfect subtree roots (latin1 digests), largest (leftmost) first; sizes[i] is the leaf count of stack[i]. */
  private readonly stack: string[] = [];
  private readonly sizes: number[] = [];
  size = 0;

  /** Pushes a leaf hash (32 bytes). */
  push(leaf: Buffer): void {
    this.pushDigest(digestOf(leaf));
  }

  /** Pushes the leaf of an entry: leafHash(entryHashHex), without allocating for a well-formed hash. */
  pushEntryHash(entryHashHex: string): void {
    this.pushDigest(MerkleFrontier.leafDigest(entryHashHex));
  }

  /** leafHash(entryHashHex) as a latin1 digest, for pushDigest and foldFrom. */
  static leafDigest(entryHashHex: string): string {
    if (entryHashHex.length === 64 && LEAF.write(entryHashHex, 1, "hex") === 32) return hash("sha256", LEAF, "binary");
    return leafHash(entryHashHex).toString("latin1");
  }

  /**
   * MTH of the leaves from `start` to here followed by one more leaf (a latin1 digest), before that leaf is pushed;
   * null unless `start` is where a subtree of the frontier begins (or the current size). Every node of the RFC 6962
   * tree of size + 1 that ends there is such a fold: a perfect subtree (the merges push() is about to make) or a
   * right-edge node (the frontier's subtrees from `start` on). Parallel verify answers consistency proofs this way.
   */
  foldFrom(start: number, leaf: string): string | null {
    let at = 0;
    let i = 0;
    while (i < this.sizes.length && at < start) at += this.sizes[i++];
    if (at !== start) return null;
    let digest = leaf;
    for (let j = this.stack.length - 1; j >= i; j--) digest = pairDigest(this.stack[j], digest);
    return digest;
  }

  pushDigest(leaf: string): void {
    let digest = leaf;
    let width = 1;
    const { stack, sizes } = this;
    while (sizes.length > 0 && sizes[sizes.length - 1] === width) {
      digest = pairDigest(stack.pop()!, digest);
      sizes.pop();
      width *= 2;
    }
    stack.push(digest);
    sizes.push(width);
    this.size++;
  }

  /** MTH of every leaf pushed so far: the frontier's subtrees folded right to left. */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let digest = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i--) digest = pairDigest(this.stack[i], digest);
    return Buffer.from(digest, "latin1");
  }

  /**
   * MTH of the leaves so far followed by a run of leaves whose MTH is `tail`, when the run is no longer than the
   * smallest subtree here (the frontier's size is a multiple of a power of two >= the run's length): then the run's
   * tree is the rightmost piece of the whole, and folding it in is exact. Parallel verify stitches chunks this way.
   */
  rootWith(tail: Buffer): Buffer {
    let digest = digestOf(tail);
    for (let i = this.stack.length - 1; i >= 0; i--) digest = pairDigest(this.stack[i], digest);
    return Buffer.from(digest, "latin1");
  }
}

/** Anything that can answer MTH(D[start:end]) for the ledger: stored subtree nodes, or entries read on the spot. */
export interface SubtreeSource {
  rangeHash(start: number, end: number): Promise<Buffer>;
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves. */
export async function inclusionProof(source: SubtreeSource, index: number, size: number): Promise<Buffer[]> {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const path = async (m: number, start: number, end: number): Promise<Buffer[]> => {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...(await path(m, start, start + k)), await source.rangeHash(start + k, end)];
    return [...(await path(m - k, start + k, end)), await source.rangeHash(start, start + k)];
  };
  return path(index, 0, size);
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): proves the tree of `oldSize` leaves is a prefix of the tree of `newSize`. */
export async function consistencyProof(source: SubtreeSource, oldSize: number, newSize: number): Promise<Buffer[]> {
  if (!(Number.isSafeInteger(oldSize) && Number.isSafeInteger(newSize) && oldSize >= 1 && oldSize <= newSize)) {
    throw new RangeError(`no consistency proof from size ${oldSize} to ${newSize}`);
  }
  const sub = async (m: number, start: number, end: number, whole: boolean): Promise<Buffer[]> => {
    const n = end - start;
    if (m === n) return whole ? [] : [await source.rangeHash(start, end)];
    const k = splitPoint(n);
    if (m <= k) return [...(await sub(m, start, start + k, whole)), await source.rangeHash(start + k, end)];
    return [...(await sub(m - k, start + k, end, false)), await source.rangeHash(start, start + k)];
  };
  return sub(oldSize, 0, newSize, true);
}

const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the proof cannot be for this index and size. */
export function rootFromInclusionProof(index: number, size: number, leaf: Buffer, proof: readonly Buffer[]): Buffer | null {
  if (!(index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(index: number, size: number, leaf: Buffer, proof: readonly Buffer[], root: Buffer): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && computed.equals(root);
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (oldSize, oldRoot) is a prefix of (newSize, newRoot). */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (!(oldSize >= 1 && oldSize <= newSize)) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (proof.length === 0) return false;
  // When the old tree is a perfect subtree, its root is the proof's implied first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1) {
    if (odd(n)) return false;
    n = half(n);
  }
  return n === 1;
}
