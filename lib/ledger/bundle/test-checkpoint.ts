// TEST ONLY: signed checkpoints at any tree size (makeCheckpoint only ever checkpoints the whole ledger), signed by
// the configured signing key, so publishedVerifierKeys() names it as it names the real one. The key is generated in
// the test data dir on either dialect (a PostgreSQL deployment must provide its own; tests stand in for one).
import { env } from "@/lib/core/env";
import type { DbTarget } from "@/lib/db/dialect";
import { queryRaw } from "@/lib/db/raw";
import { leafHash, rootOf } from "../merkle";
import { formatCheckpoint, signNote, type Signer } from "../note";
import { loadSigningKey, signingKeySource } from "../signing-key";

export function testSigner(): Signer {
  return loadSigningKey({ ...signingKeySource(), generate: true });
}

/** Signs and stores a checkpoint over the first `treeSize` entries (default: all of them); returns it. */
export async function makeTestCheckpoint(target: DbTarget, treeSize?: number): Promise<{ treeSize: number; note: string }> {
  const size = treeSize ?? Number((await queryRaw<{ n: number }>(target, "SELECT MAX(seq) AS n FROM ledger_entries", []))[0]?.n ?? 0);
  const hashes = (
    await queryRaw<{ entry_hash: string }>(target, "SELECT entry_hash FROM ledger_entries WHERE seq >= 1 AND seq <= ? ORDER BY seq", [size])
  ).map((r) => r.entry_hash);
  if (hashes.length !== size) throw new Error(`the ledger holds ${hashes.length} of the first ${size} entries`);
  const rootHash = rootOf(hashes.map(leafHash));
  const signer = testSigner();
  const note = signNote(formatCheckpoint({ origin: env().ledgerOrigin, treeSize: size, rootHash }), signer);
  await queryRaw(
    target,
    "INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [size, rootHash.toString("hex"), env().ledgerOrigin, signer.keyId, note, new Date().toISOString()],
  );
  const [stored] = await queryRaw<{ note: string }>(target, "SELECT note FROM ledger_checkpoints WHERE tree_size = ?", [size]);
  return { treeSize: size, note: stored.note };
}

/** Removes checkpoints a test made, so other test files see the ledger as they left it. */
export async function dropTestCheckpoints(target: DbTarget, sizes: number[]): Promise<void> {
  for (const size of sizes) await queryRaw(target, "DELETE FROM ledger_checkpoints WHERE tree_size = ?", [size]);
}
