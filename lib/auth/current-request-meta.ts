import "server-only";
// The RequestMeta of the request being served, for server components, server actions and route handlers.
import { headers } from "next/headers";
import type { RequestMeta } from "@/lib/core/actor";
import { requestMetaFromHeaders } from "./request-meta";

export async function currentRequestMeta(): Promise<RequestMeta> {
  return requestMetaFromHeaders(await headers());
}
