// PII-free tombstones of purged records: the record id's keyed hash (HMAC-SHA256 under a key derived from the
// deployment's hash key and the dataset), the dataset, the policy, the run and its batch. Unique per (dataset, hash), so
// a record deleted twice could never get a second tombstone without the insert failing. Someone holding the hash key
// can answer "was record X purged, when and why" without the tombstones ever naming it.
import { createHash, createHmac } from "node:crypto";
import { env } from "@/lib/core/env";
import { dbTarget } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";

const keys = new Map<string, Buffer>();

function tombstoneKey(datasetRef: string): Buffer {
  const cacheKey = `${env().hashKey}\u0000${datasetRef}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = createHmac("sha256", env().hashKey).update(`warden/purge/tombstone/v1/${datasetRef}`).digest();
    keys.set(cacheKey, key);
  }
  return key;
}

export function tombstoneHash(datasetRef: string, recordId: string): string {
  return createHmac("sha256", tombstoneKey(datasetRef)).update(recordId).digest("hex");
}

/** One digest over a batch's sorted tombstone hashes, for its ledger entry (a check without listing them). */
export function tombstonesDigest(hashes: readonly string[]): string {
  const h = createHash("sha256");
  for (const x of [...hashes].sort()) h.update(x).update("\n");
  return h.digest("hex");
}

// Rows per INSERT: 6 parameters each stays below SQLite's 32766 and PostgreSQL's 65535 bound parameters.
const ROWS_PER_INSERT = 2_000;

/** Inserts the batch's tombstones with multi-row INSERTs on the transaction's connection (Prisma's createMany is far slower). */
export async function insertTombstones(
  tx: Tx,
  t: { runId: string; batchSeq: number; datasetRef: string; policyId: string; deletedAt: Date; hashes: readonly string[] },
): Promise<void> {
  const pg = dbTarget().dialect === "postgresql";
  for (let i = 0; i < t.hashes.length; i += ROWS_PER_INSERT) {
    const chunk = t.hashes.slice(i, i + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const ph = (v: unknown) => (params.push(v), pg ? `$${params.length}` : "?");
    const values = chunk.map((h) => `(${ph(t.runId)}, ${ph(t.batchSeq)}, ${ph(t.datasetRef)}, ${ph(t.policyId)}, ${ph(h)}, ${ph(t.deletedAt)})`);
    await tx.$executeRawUnsafe(
      `INSERT INTO "purge_tombstones" ("run_id", "batch_seq", "dataset_ref", "policy_id", "record_hash", "deleted_at") VALUES ${values.join(", ")}`,
      ...params,
    );
  }
}
