// Channel (a) of the export fingerprint (decision 025): an export's `token` values are `tok_` + body + tag, where the
// body is a deployment-wide keyed HMAC-SHA256 of the value (so the mask stays a keyed token, never a bare hash, and the
// same value keeps the same body in every export) and the tag is a keyed PRF of the body under the export's own key
// (AES-256 on one block, block-prf.ts: a quarter of an HMAC's cost per token, and the body fits one block).
// Any single leaked token names its export: the tracer recomputes the tag under each candidate export's key.
import { createHmac } from "node:crypto";
import { env } from "@/lib/core/env";
import { base32, TOKEN_CHARS, type Tokenizer } from "@/lib/masking/mask";
import { blockPrf, blockPrfFor, blockPrfMany } from "./block-prf";
import { keyedSha256 } from "./keyed-sha256";

/** 12 base32 characters = 60 bits of HMAC(body key, value). */
export const TOKEN_BODY_CHARS = 12;
/** 8 base32 characters = 40 bits of PRF(export key, body): a wrong export matches one token with probability 2^-40. */
export const TOKEN_TAG_CHARS = TOKEN_CHARS - TOKEN_BODY_CHARS;
/** Probability that a token's tag verifies under the key of an export that did not write it. */
export const TOKEN_FALSE_MATCH = 2 ** -(5 * TOKEN_TAG_CHARS);

/** A token anywhere in a cell (case folded: a spreadsheet may have upper-cased it). */
export const TOKEN_IN_TEXT = new RegExp(`tok_[a-z2-7]{${TOKEN_CHARS}}(?![a-z2-7])`, "gi");

const cache = globalThis as unknown as { __wardenExportBodyKey?: { hashKey: string; key: Buffer } };

/** The deployment-wide body key: derived from the hash key, distinct from the person view's token key. */
function bodyKey(): Buffer {
  const hashKey = env().hashKey;
  if (cache.__wardenExportBodyKey?.hashKey !== hashKey) {
    cache.__wardenExportBodyKey = { hashKey, key: createHmac("sha256", hashKey).update("warden/mask-token/export-body/v1").digest() };
  }
  return cache.__wardenExportBodyKey.key;
}

const TAG_SUFFIX = Buffer.from("tag1", "latin1");

/** Writes the tag's input block at `at`: the body's 12 base32 characters (lower case, ASCII) and a fixed domain suffix. */
function writeTagBlock(block: Buffer, at: number, body: string): void {
  // Byte by byte: a Buffer.write per block would cost a call into C++ for four bytes.
  for (let i = 0; i < TOKEN_BODY_CHARS; i++) block[at + i] = body.charCodeAt(i);
  for (let i = 0; i < 4; i++) block[at + TOKEN_BODY_CHARS + i] = TAG_SUFFIX[i];
}

/** The tag of `body` under an export's token key (what the tracer recomputes per candidate). */
export function tokenTag(exportTokenKey: Uint8Array, body: string): string {
  const block = Buffer.alloc(16);
  writeTagBlock(block, 0, body.slice(0, TOKEN_BODY_CHARS).padEnd(TOKEN_BODY_CHARS, "\0"));
  return base32(blockPrfFor(exportTokenKey)(block), TOKEN_TAG_CHARS);
}

/** The body of `value`: the first 60 bits of HMAC-SHA256(body key, value) in base32 (keyed-sha256.ts: createHmac's bytes). */
function bodyMaker(): (value: string) => string {
  const mac = keyedSha256(bodyKey());
  return (value) => base32(mac(value), TOKEN_BODY_CHARS);
}

/** The `token` mask of one export: `tok_` + body + tag (TOKEN_CHARS characters after the prefix, as every token). */
export function exportTokenizer(exportTokenKey: Uint8Array): Tokenizer {
  const body = bodyMaker();
  const prf = blockPrf(exportTokenKey);
  const block = Buffer.alloc(16);
  return (value) => {
    const b = body(value);
    writeTagBlock(block, 0, b);
    return `tok_${b}${base32(prf(block), TOKEN_TAG_CHARS)}`;
  };
}

/**
 * exportTokenizer over a batch (the build's path): the same token for each value, null for null; the tags of the
 * whole batch go through the block cipher in one call (block-prf.ts blockPrfMany).
 */
export function exportTokenBatch(exportTokenKey: Uint8Array): (values: readonly (string | null)[]) => (string | null)[] {
  const body = bodyMaker();
  const prf = blockPrfMany(exportTokenKey);
  let blocks = Buffer.alloc(16 * 1024);
  return (values) => {
    if (blocks.length < values.length * 16) blocks = Buffer.alloc(values.length * 16);
    const bodies: (string | null)[] = new Array(values.length);
    let count = 0;
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      if (v === null) {
        bodies[j] = null;
        continue;
      }
      const b = body(v);
      bodies[j] = b;
      writeTagBlock(blocks, 16 * count++, b);
    }
    const tags = prf(blocks, count);
    count = 0;
    for (let j = 0; j < values.length; j++) {
      const b = bodies[j];
      if (b === null) continue;
      const at = 16 * count++;
      bodies[j] = `tok_${b}${base32(tags.subarray(at, at + 16), TOKEN_TAG_CHARS)}`;
    }
    return bodies;
  };
}

/** A token's body and tag (lower case), from its text. */
export function splitToken(token: string): { body: string; tag: string } {
  const chars = token.slice(4).toLowerCase();
  return { body: chars.slice(0, TOKEN_BODY_CHARS), tag: chars.slice(TOKEN_BODY_CHARS) };
}
