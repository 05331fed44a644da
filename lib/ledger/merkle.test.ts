import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  nodeHash,
  rootOf,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
  type SubtreeSource,
} from "./merkle";

const entryHash = (i: number) => createHash("sha256").update(`entry ${i}`).digest("hex");
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(entryHash(i)));
const sourceOver = (all: Buffer[]): SubtreeSource => ({ rangeHash: async (s, e) => rootOf(all.slice(s, e)) });

describe("RFC 6962 Merkle tree", () => {
  it("hashes leaves and nodes with their domain-separation prefixes", () => {
    const d = entryHash(0);
    expect(leafHash(d)).toEqual(
      createHash("sha256")
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(d, "hex")]))
        .digest(),
    );
    const [a, b] = leaves(2);
    expect(rootOf([a, b])).toEqual(
      createHash("sha256")
        .update(Buffer.concat([Buffer.from([1]), a, b]))
        .digest(),
    );
    expect(rootOf([])).toEqual(EMPTY_ROOT);
  });

  it("splits an unbalanced tree at the largest power of two below its size", () => {
    const [a, b, c] = leaves(3);
    expect(rootOf([a, b, c])).toEqual(nodeHash(nodeHash(a, b), c));
    const l5 = leaves(5);
    expect(rootOf(l5)).toEqual(nodeHash(nodeHash(nodeHash(l5[0], l5[1]), nodeHash(l5[2], l5[3])), l5[4]));
  });

  it("the streaming frontier gives the root of every prefix", () => {
    const all = leaves(70);
    const f = new MerkleFrontier();
    for (let n = 1; n <= all.length; n++) {
      f.push(all[n - 1]);
      expect(f.root().equals(rootOf(all.slice(0, n)))).toBe(true);
    }
  });

  it("the frontier folds every subtree that ends at the next leaf, and pushes entry hashes as leafHash does", () => {
    const hashes = Array.from({ length: 70 }, (_, i) => entryHash(i));
    const all = hashes.map(leafHash);
    const f = new MerkleFrontier();
    for (let n = 1; n <= all.length; n++) {
      // The nodes of the tree of n leaves that end at n, by RFC 6962's split.
      const ending: number[] = [];
      const walk = (start: number, end: number) => {
        if (end === n) ending.push(start);
        if (end - start > 1) {
          const k = splitPoint(end - start);
          walk(start, start + k);
          walk(start + k, end);
        }
      };
      walk(0, n);
      const leaf = MerkleFrontier.leafDigest(hashes[n - 1]);
      for (let start = 0; start < n; start++) {
        const folded = f.foldFrom(start, leaf);
        if (ending.includes(start)) expect(folded).not.toBeNull();
        if (folded !== null) expect(Buffer.from(folded, "latin1")).toEqual(rootOf(all.slice(start, n)));
      }
      if (n % 2 === 0) f.pushEntryHash(hashes[n - 1]);
      else f.pushDigest(leaf);
      expect(f.root()).toEqual(rootOf(all.slice(0, n)));
    }
    // A hash that is not 64 hex digits hashes as whatever bytes it decodes to, on either path.
    const g = new MerkleFrontier();
    g.pushEntryHash("abc");
    expect(g.root()).toEqual(leafHash("abc"));
  });

  it("inclusion proofs verify for every leaf of every size up to 33, and fail when anything changes", async () => {
    const all = leaves(33);
    const source = sourceOver(all);
    for (let size = 1; size <= all.length; size++) {
      const root = rootOf(all.slice(0, size));
      for (let i = 0; i < size; i++) {
        const proof = await inclusionProof(source, i, size);
        expect(verifyInclusion(i, size, all[i], proof, root)).toBe(true);
        expect(verifyInclusion(i, size, leafHash(entryHash(1000)), proof, root)).toBe(false);
        if (size > 1) {
          expect(verifyInclusion((i + 1) % size, size, all[i], proof, root)).toBe(false);
          expect(verifyInclusion(i, size, all[i], proof.slice(1), root)).toBe(false);
          expect(verifyInclusion(i, size, all[i], [...proof, EMPTY_ROOT], root)).toBe(false);
        }
      }
    }
  });

  it("consistency proofs verify between every pair of sizes up to 33, and catch a rewritten prefix", async () => {
    const all = leaves(33);
    const rewritten = [...all];
    rewritten[2] = leafHash(entryHash(999));
    const source = sourceOver(all);
    for (let m = 1; m <= all.length; m++) {
      const oldRoot = rootOf(all.slice(0, m));
      for (let n = m; n <= all.length; n++) {
        const newRoot = rootOf(all.slice(0, n));
        const proof = await consistencyProof(source, m, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        if (m > 2) {
          const forgedRoot = rootOf(rewritten.slice(0, n));
          expect(verifyConsistency(m, n, oldRoot, forgedRoot, proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, forgedRoot, await consistencyProof(sourceOver(rewritten), m, n))).toBe(false);
        }
      }
    }
  });

  it("refuses proofs for leaves outside the tree", async () => {
    await expect(inclusionProof(sourceOver(leaves(4)), 4, 4)).rejects.toThrow(RangeError);
    await expect(consistencyProof(sourceOver(leaves(4)), 0, 4)).rejects.toThrow(RangeError);
    expect(verifyInclusion(5, 4, leaves(1)[0], [], EMPTY_ROOT)).toBe(false);
  });
});
