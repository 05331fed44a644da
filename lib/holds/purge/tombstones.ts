// PII-free tombstones of purged records: the record id's keyed hash (HMAC-SHA256 under a key derived from the
// deployment's hash key and the dataset), the dataset, the policy, the run and its batch. Unique per (dataset, hash), so
// a record deleted twice could never get a second tombstone without the insert failing. Someone holding the hash key
// can answer "was record X purged, when and why" without the tombstones ever naming it.
import { createHash, createHmac } from "node:crypto";
import { env } from "@/lib/core/env";

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
