// The deployment's `token` key for reads outside exports (the person view, the decisions API): derived from the
// deployment's hash key, so it never leaves the server and stays stable across restarts. Exports use their own key.
import { createHmac } from "node:crypto";
import { env } from "@/lib/core/env";
import { hmacTokenizer, type MaskContext } from "./mask";

const cache = globalThis as unknown as { __wardenViewMask?: { hashKey: string; ctx: MaskContext } };

export function viewMaskContext(): MaskContext {
  const hashKey = env().hashKey;
  if (cache.__wardenViewMask?.hashKey !== hashKey) {
    const key = createHmac("sha256", hashKey).update("warden/mask-token/view/v1").digest();
    cache.__wardenViewMask = { hashKey, ctx: { tokenize: hmacTokenizer(key) } };
  }
  return cache.__wardenViewMask.ctx;
}
