// A keyed pseudo-random function on one 16-byte block: AES-256 under the key, one block through a reused ECB
// context. Node pays a fixed cost per crypto object; an HMAC-SHA256 creates one per call (about 5 µs here), a block
// through a live cipher costs about a quarter of that. A block cipher is a PRF on distinct single blocks (the PRP/PRF
// switching bound: < q²/2^129 for q queries), which is all the fingerprint's tags and marks need (decision 025).
import { createCipheriv, type Cipher } from "node:crypto";

export type BlockPrf = (block: Buffer) => Buffer;
/** The PRF on each of `count` consecutive 16-byte blocks of `blocks`, in one call: the results, block for block. */
export type BlockPrfMany = (blocks: Buffer, count: number) => Buffer;

/** The PRF under `key` (32 bytes). The returned function reuses one cipher context; `block` must be 16 bytes. */
export function blockPrf(key: Uint8Array): BlockPrf {
  if (key.length !== 32) throw new Error("blockPrf needs a 32-byte key");
  const cipher: Cipher = createCipheriv("aes-256-ecb", key, null);
  cipher.setAutoPadding(false);
  return (block) => {
    if (block.length !== 16) throw new Error("blockPrf takes one 16-byte block");
    return cipher.update(block);
  };
}

/**
 * blockPrf for a whole batch: ECB enciphers each block on its own, so block i of the result is blockPrf(block i), and
 * one call per batch of 1,000 rows pays Node's fixed cost per call once instead of a thousand times.
 */
export function blockPrfMany(key: Uint8Array): BlockPrfMany {
  if (key.length !== 32) throw new Error("blockPrf needs a 32-byte key");
  const cipher: Cipher = createCipheriv("aes-256-ecb", key, null);
  cipher.setAutoPadding(false);
  return (blocks, count) => (count === 0 ? Buffer.alloc(0) : cipher.update(blocks.subarray(0, count * 16)));
}

const memo = new Map<string, BlockPrf>();

/** blockPrf, kept per key for callers that hold only the key (the tracer checks many cells per candidate key). */
export function blockPrfFor(key: Uint8Array): BlockPrf {
  const id = Buffer.from(key).toString("base64");
  let prf = memo.get(id);
  if (!prf) {
    // Bounded: a trace touches one key per candidate export.
    if (memo.size >= 4096) memo.clear();
    prf = blockPrf(key);
    memo.set(id, prf);
  }
  return prf;
}
