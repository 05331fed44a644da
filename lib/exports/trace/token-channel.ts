// Channel (a) of the export fingerprint (decision 025): an export's `token` values are `tok_` + body + tag, where the
// body is a deployment-wide keyed HMAC-SHA256 of the value (so the mask stays a keyed token, never a bare hash, and the
// same value keeps the same body in every export) and the tag is a keyed PRF of the body under the export's own key
// (AES-256 on one block, block-prf.ts: a quarter of an HMAC's cost per token, and the body fits one block).
// Any single leaked token names its export: the tracer recomputes the tag under each candidate export's key.
import { createHmac } from "node:crypto";
import { env } from "@/lib/core/env";
import { base32, TOKEN_CHARS, type Tokenizer } from "@/lib/masking/mask";
import { blockPrf, blockPrfFor, type BlockPrf } from "./block-prf";

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

/** The tag's input block: the body's 12 base32 characters (lower case) and a fixed domain suffix. */
function tagBlock(body: string): Buffer {
  const block = Buffer.alloc(16);
  block.write(body.slice(0, TOKEN_BODY_CHARS), 0, "latin1");
  block.write("tag1", 12, "latin1");
  return block;
}

function tagWith(prf: BlockPrf, body: string): string {
  return base32(prf(tagBlock(body)), TOKEN_TAG_CHARS);
}

/** The tag of `body` under an export's token key (what the tracer recomputes per candidate). */
export function tokenTag(exportTokenKey: Uint8Array, body: string): string {
  return tagWith(blockPrfFor(exportTokenKey), body);
}

/** The `token` mask of one export: `tok_` + body + tag (TOKEN_CHARS characters after the prefix, as every token). */
export function exportTokenizer(exportTokenKey: Uint8Array): Tokenizer {
  const key = bodyKey();
  const prf = blockPrf(exportTokenKey);
  return (value) => {
    const body = base32(createHmac("sha256", key).update(value, "utf8").digest(), TOKEN_BODY_CHARS);
    return `tok_${body}${tagWith(prf, body)}`;
  };
}

/** A token's body and tag (lower case), from its text. */
export function splitToken(token: string): { body: string; tag: string } {
  const chars = token.slice(4).toLowerCase();
  return { body: chars.slice(0, TOKEN_BODY_CHARS), tag: chars.slice(TOKEN_BODY_CHARS) };
}
