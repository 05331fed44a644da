// The ledger as a Merkle tree (merkle.ts): leaf i is the entry at seq i + 1. Checkpoints, inclusion proofs and
// consistency proofs ask this source for subtree hashes.
// TODO(issue 7, checkpoints): this first implementation reads the entry hashes of the range on every call, which is
// exact but O(range); the checkpoint work replaces the body with stored subtree nodes, keeping this signature.
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { leafHash, rootOf, type SubtreeSource } from "./merkle";

export function ledgerTree(target: DbTarget): SubtreeSource {
  return {
    async rangeHash(start: number, end: number): Promise<Buffer> {
      const hashes =
        target.dialect === "sqlite"
          ? (sqliteHandle(target.path)
              .prepare("SELECT entry_hash FROM ledger_entries WHERE seq > ? AND seq <= ? ORDER BY seq")
              .pluck()
              .all(start, end) as string[])
          : (
              await pgPool(target.url).query<{ entry_hash: string }>(
                "SELECT entry_hash FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq",
                [start, end],
              )
            ).rows.map((r) => r.entry_hash);
      if (hashes.length !== end - start) throw new Error(`the ledger holds ${hashes.length} of the entries ${start + 1}..${end}`);
      return rootOf(hashes.map(leafHash));
    },
  };
}
