// The evidence bundle download (issue 7 §3): auditors and privacy admins (ledger.read). The bundle is built and its
// download recorded in the ledger (with the file's sha256) before the first byte is sent; if the entry cannot be
// written nothing is sent. Analysts get 403, recorded. Bad input goes back to the form, naming the field.
// POST, not GET: the session cookie is SameSite=Lax, so another site cannot make a signed-in auditor's browser
// download (and so record) a bundle.
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { toErrorResponse } from "@/lib/core/errors";
import { jsonError } from "@/lib/http/json-error";
import { BUNDLE_PERMISSION, bundleFilename, downloadEvidenceBundle } from "@/lib/ledger/bundle/download-bundle";

export const dynamic = "force-dynamic";

const FIELDS = ["from", "to", "actor", "role", "action", "tier", "dataset", "decision", "record"] as const;

export async function POST(request: Request): Promise<Response> {
  const input: Record<string, string> = {};
  try {
    const form = await request.formData().catch(() => new FormData());
    // Empty form fields mean "no filter".
    for (const f of FIELDS) {
      const v = form.get(f);
      if (typeof v === "string" && v.trim()) input[f] = v.trim();
    }
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, BUNDLE_PERMISSION, meta);
    const built = await downloadEvidenceBundle({ actor: user, meta }, input);
    const file = createReadStream(built.file);
    const cleanup = () => void rm(built.file, { force: true });
    file.on("close", cleanup);
    return new Response(Readable.toWeb(file) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/x-tar",
        "content-length": String(built.size),
        "content-disposition": `attachment; filename="${bundleFilename(built)}"`,
        "x-bundle-sha256": built.sha256,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    if (status === 400 || status === 422) {
      const back = new URLSearchParams({ ...input, error: body.error.message, ...(body.error.field ? { field: body.error.field } : {}) });
      return new Response(null, { status: 303, headers: { location: `/ledger/bundle?${back}`, "cache-control": "no-store" } });
    }
    return jsonError(err);
  }
}
