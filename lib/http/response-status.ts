// An HTTP status for a page or server action that Next.js has no helper for (422, 503, 429, 409...). Next only sets
// 200/3xx/401/403/404/500 for rendered pages; scripts/server.ts runs each request in an AsyncLocalStorage context
// and applies the status recorded here when the response head is written (only over a 200). Without that server
// (`next dev`) this is a no-op and pages answer 200, with the same content.
import type { AsyncLocalStorage } from "node:async_hooks";

export const RESPONSE_CONTEXT = Symbol.for("warden.http.response-context");

export interface ResponseContext {
  status?: number;
}

export function currentResponseContext(): ResponseContext | undefined {
  const als = (globalThis as { [RESPONSE_CONTEXT]?: AsyncLocalStorage<ResponseContext> })[RESPONSE_CONTEXT];
  return als?.getStore();
}

export function setResponseStatus(status: number): void {
  const ctx = currentResponseContext();
  if (ctx) ctx.status = status;
}
