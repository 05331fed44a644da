// The wrapper every /api/v1 route handler uses: authenticate (lib/api/authenticate.ts), validate the query and the
// body with the operation's own schemas, and answer every failure as `{ error: { code, message, field? } }` with its
// status, never a stack. The operation rides on the handler (`.operation`) so a test can check route and document.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { jsonError } from "@/lib/http/json-error";
import { authenticateApi, type ApiCaller } from "./authenticate";
import type { ApiOperation } from "./operations";

export interface ApiContext<O extends ApiOperation> {
  req: Request;
  caller: O["use"] extends null ? null : ApiCaller;
  query: O["query"] extends z.ZodObject ? z.output<O["query"]> : Record<string, never>;
  /** Parsed JSON; validated by the operation's schema unless its body validation is "route". */
  body: unknown;
}

export type ApiHandler = ((req: Request) => Promise<Response>) & { operation: ApiOperation };

export function apiRoute<O extends ApiOperation>(op: O, handle: (ctx: ApiContext<O>) => Promise<Response>): ApiHandler {
  const run = async (req: Request): Promise<Response> => {
    try {
      const url = new URL(req.url);
      const caller = op.use ? await authenticateApi(req, op.use, { path: url.pathname }) : null;
      const query = op.query ? parseQuery(op.query, url.searchParams) : {};
      let body: unknown = undefined;
      if (op.body) {
        body = await readJson(req, op.body.maxBytes);
        if (op.body.validation === "whole") body = op.body.schema.parse(body);
      }
      return await handle({ req, caller, query, body } as ApiContext<O>);
    } catch (err) {
      return jsonError(err, err instanceof AppError && err.code === "unauthenticated" ? { "www-authenticate": 'Bearer realm="warden"' } : {});
    }
  };
  return Object.assign(run, { operation: op });
}

function parseQuery(schema: z.ZodObject, params: URLSearchParams): unknown {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = params.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  return schema.parse(raw);
}

/** The body as JSON, refusing what is too large before reading it all into a string where the length is declared. */
async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("bad_request", "Send the body as JSON (Content-Type: application/json).", { field: "content-type" });
  }
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await req.text();
  if (text.length > maxBytes) throw tooLarge(maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.", { field: "body" });
  }
}

const tooLarge = (maxBytes: number) =>
  new AppError("too_large", `The body is larger than ${Math.round(maxBytes / 1024)} KiB; nothing was stored. Send fewer events per call.`, {
    field: "body",
  });

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });
}
