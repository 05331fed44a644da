// PII-free tombstones of purged records: the record id's keyed hash, the dataset, the policy, the run and its batch.
// Someone holding the deployment's hash key can answer "was record X purged, when and why" without the tombstones ever
// naming it (`tombstoneHash(dataset, id)`, then a look-up by hash).
// Format v2 (decision 041): the first 128 bits of HMAC-SHA256 under a key derived from the hash key and the dataset,
// 32 hex digits, unique on their own (the key is per dataset, so the dataset need not be in the unique index). v1
// tombstones (64 hex digits, key label v1) written before stay as they are.
import { createHash, createHmac, hash } from "node:crypto";
import { env } from "@/lib/core/env";

/** Hex digits of a v2 tombstone hash (128 bits): collision-free in practice at any purge volume. */
const HASH_HEX = 32;
const BLOCK = 64;
// Longest record id hashed in the scratch buffer; a longer one goes through createHmac (the same value).
const SCRATCH_ID_BYTES = 512;

/**
 * HMAC-SHA256 under one key, computed as its definition reads (RFC 2104: H(K⊕opad ‖ H(K⊕ipad ‖ m))) with two one-shot
 * hashes over reused buffers: a purge hashes every record it deletes, and createHmac's per-call set-up was half the cost.
 */
export class RecordHasher {
  private readonly inner = Buffer.alloc(BLOCK + SCRATCH_ID_BYTES);
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(private readonly key: Buffer) {
    // Keys are 32 bytes (an HMAC output), shorter than the block, so they are used as they are.
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i] : 0;
      this.inner[i] = k ^ 0x36;
      this.outer[i] = k ^ 0x5c;
    }
  }

  hex(recordId: string): string {
    if (Buffer.byteLength(recordId, "utf8") > SCRATCH_ID_BYTES)
      return createHmac("sha256", this.key).update(recordId, "utf8").digest("hex").slice(0, HASH_HEX);
    const n = this.inner.write(recordId, BLOCK, "utf8");
    hash("sha256", this.inner.subarray(0, BLOCK + n), "buffer").copy(this.outer, BLOCK);
    return hash("sha256", this.outer, "hex").slice(0, HASH_HEX);
  }
}

const hashers = new Map<string, RecordHasher>();

/** The dataset's tombstone key, derived from the deployment's hash key (what a hashing thread is given). */
export function tombstoneKey(datasetRef: string): Buffer {
  return createHmac("sha256", env().hashKey).update(`warden/purge/tombstone/v2/${datasetRef}`).digest();
}

function hasherFor(datasetRef: string): RecordHasher {
  const cacheKey = `${env().hashKey}\u0000${datasetRef}`;
  let h = hashers.get(cacheKey);
  if (!h) {
    h = new RecordHasher(tombstoneKey(datasetRef));
    hashers.set(cacheKey, h);
  }
  return h;
}

export function tombstoneHash(datasetRef: string, recordId: string): string {
  return hasherFor(datasetRef).hex(recordId);
}

/** A batch's tombstone hashes in index order (the order the INSERT wants them). */
export function sortedHashes(hasher: RecordHasher, recordIds: readonly string[]): string[] {
  return recordIds.map((id) => hasher.hex(id)).sort();
}

/** The same, in this thread, under the deployment's key. */
export function tombstoneHashes(datasetRef: string, recordIds: readonly string[]): string[] {
  return sortedHashes(hasherFor(datasetRef), recordIds);
}

/** One digest over a batch's sorted tombstone hashes, for its ledger entry (a check without listing them). */
export function tombstonesDigest(hashes: readonly string[]): string {
  const h = createHash("sha256");
  for (const x of [...hashes].sort()) h.update(x).update("\n");
  return h.digest("hex");
}
