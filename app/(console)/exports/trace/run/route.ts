// POST /exports/trace/run: the Leak trace page's upload (export.trace). The body is the suspect file's bytes
// (?source=file) or pasted rows as text (?source=text). A body over the limit is refused with 413 from its declared
// length, before it is read, or as soon as the bytes read pass the limit; the answer is the trace report as JSON.
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { TRACE_MAX_BYTES, tooLargeError } from "@/lib/exports/trace/read-suspect";
import { traceLeak } from "@/lib/exports/trace/trace-leak";
import { jsonError, methodNotAllowed } from "@/lib/http/json-error";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "export.trace", meta);
    // The session cookie is SameSite=Lax already; a foreign Origin is refused as well, as server actions do.
    const origin = req.headers.get("origin");
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (origin && origin !== "null" && URL.canParse(origin) && new URL(origin).host !== host) {
      throw new AppError("forbidden", "This request came from another site.");
    }
    const source = new URL(req.url).searchParams.get("source");
    if (source !== "file" && source !== "text") throw new AppError("validation_failed", "source must be file or text.", { field: "source" });
    const bytes = await readCapped(req);
    const report = await traceLeak(
      { actor: user, meta },
      { source: source === "file" ? { kind: "file", bytes } : { kind: "text", text: new TextDecoder().decode(bytes) } },
    );
    return new Response(JSON.stringify(report), { headers: { "content-type": "application/json", "cache-control": "no-store" } });
  } catch (err) {
    return jsonError(err);
  }
}

export function GET(): Response {
  return methodNotAllowed(["POST"]);
}

async function readCapped(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > TRACE_MAX_BYTES) throw tooLargeError(declared);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > TRACE_MAX_BYTES) {
      await reader.cancel();
      throw tooLargeError();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
