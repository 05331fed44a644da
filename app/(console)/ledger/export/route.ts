// CSV of the ledger browser's current view. A POST (the form beside the table), never a GET: the download writes a
// ledger entry (`ledger.entries_exported`, filters in its payload) before any byte is served, and a GET must not
// write the ledger (a prefetch or a crawler would). Analysts are refused with 403 and the refusal is recorded.
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { jsonError, methodNotAllowed } from "@/lib/http/json-error";
import { exportLedgerEntries } from "@/lib/ledger/export-ledger-entries";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const user = await requireUser();
    await requirePermission(user, "ledger.read");
    // A form posted from another site must not make a signed-in auditor's browser record an export.
    const origin = request.headers.get("origin");
    const host = request.headers.get("host");
    if (origin && host && origin !== "null" && new URL(origin).host !== host)
      throw new AppError("forbidden", "Cross-site export requests are refused.");
    const form = await request.formData().catch(() => {
      throw new AppError("bad_request", "Send the filters as a form.");
    });
    const query: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string" && v !== "") query[k] = v;
    const exported = await exportLedgerEntries(user, query, await currentRequestMeta());
    const encoder = new TextEncoder();
    const iterator = exported.chunks[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (err) {
          console.error("[warden] ledger export failed mid-stream", err);
          controller.error(err);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${exported.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "x-ledger-seq": String(exported.ledgerSeq),
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}

export function GET(): Response {
  return methodNotAllowed(["POST"]);
}
