// TEST ONLY: signed checkpoints for proof and bundle tests until the checkpoint slice's makeCheckpoint lands
// (MERGE NOTE: the lead switches makeTestCheckpoint's body to it). Signs with one throwaway key per process and lists
// that key where publishedVerifierKeys() looks, so app code finds it as it will find the real one.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { leafHash, rootOf } from "../merkle";
import { formatCheckpoint, generateSigner, signNote, type Signer } from "../note";
import { publishedKeysFile } from "../published-keys";

export const TEST_ORIGIN = "warden.test/ledger";

const cache = globalThis as unknown as { __wardenTestSigner?: Signer };

export function testSigner(): Signer {
  if (!cache.__wardenTestSigner) {
    cache.__wardenTestSigner = generateSigner("warden-test-ledger");
    const file = publishedKeysFile();
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, cache.__wardenTestSigner.vkey + "\n", { mode: 0o600 });
  }
  return cache.__wardenTestSigner;
}

async function all<T>(target: DbTarget, sql: string, params: unknown[]): Promise<T[]> {
  if (target.dialect === "sqlite") {
    const stmt = sqliteHandle(target.path).prepare(sql);
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
  }
  let i = 0;
  return (
    await pgPool(target.url).query(
      sql.replace(/\?/g, () => `$${++i}`),
      params,
    )
  ).rows as T[];
}

/** Signs and stores a checkpoint over the first `treeSize` entries (default: all of them); returns it. */
export async function makeTestCheckpoint(target: DbTarget, treeSize?: number): Promise<{ treeSize: number; note: string }> {
  const size = treeSize ?? Number((await all<{ n: number }>(target, "SELECT MAX(seq) AS n FROM ledger_entries", []))[0]?.n ?? 0);
  const hashes = (
    await all<{ entry_hash: string }>(target, "SELECT entry_hash FROM ledger_entries WHERE seq >= 1 AND seq <= ? ORDER BY seq", [size])
  ).map((r) => r.entry_hash);
  if (hashes.length !== size) throw new Error(`the ledger holds ${hashes.length} of the first ${size} entries`);
  const rootHash = rootOf(hashes.map(leafHash));
  const signer = testSigner();
  const note = signNote(formatCheckpoint({ origin: TEST_ORIGIN, treeSize: size, rootHash }), signer);
  await all(
    target,
    "INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [size, rootHash.toString("hex"), TEST_ORIGIN, signer.keyId, note, new Date().toISOString()],
  );
  const [stored] = await all<{ note: string }>(target, "SELECT note FROM ledger_checkpoints WHERE tree_size = ?", [size]);
  return { treeSize: size, note: stored.note };
}

/** Removes checkpoints a test made, so other test files see the ledger as they left it. */
export async function dropTestCheckpoints(target: DbTarget, sizes: number[]): Promise<void> {
  for (const size of sizes) await all(target, "DELETE FROM ledger_checkpoints WHERE tree_size = ?", [size]);
}
