// Downloads an export's file (or, with ?as=zip, its zip) through a signed link: only the requester, only while the
// link is fresh, only a `ready` file that is whole on disk (lib/exports/download-export.ts decides and ledgers).
// Failures are small HTML pages: 403 for anyone else (recorded), 410 saying why an expired link failed, and 404 with
// no details for a link the server did not sign.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { requireUser } from "@/lib/auth/session";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { toErrorResponse } from "@/lib/core/errors";
import { authorizeDownload } from "@/lib/exports/download-export";

export const dynamic = "force-dynamic";

const TITLES: Record<number, string> = {
  403: "Not your export",
  404: "Link not valid",
  409: "Not ready",
  410: "Link or file expired",
  401: "Sign in",
};

function page(status: number, reason: string): Response {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const title = TITLES[status] ?? "Download failed";
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Warden</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>${esc(title)}</h1><p id="download-reason">${esc(reason)}</p><p><a href="/exports">My exports</a></p></body></html>`;
  return new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    const { id } = await params;
    const sp = new URL(request.url).searchParams;
    const query = { exportId: id, e: sp.get("e") ?? undefined, s: sp.get("s") ?? undefined, as: sp.get("as") ?? undefined };
    const outcome = await authorizeDownload({ actor: { id: user.id, role: user.role }, meta }, query);
    if (!outcome.ok) return page(outcome.status, outcome.reason);
    const file = createReadStream(outcome.path);
    return new Response(Readable.toWeb(file) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": outcome.zip
          ? "application/zip"
          : outcome.fileName.endsWith(".xlsx")
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv; charset=utf-8",
        "content-length": String(outcome.bytes),
        "content-disposition": `attachment; filename="${outcome.fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    return page(status, status === 401 ? "Sign in, then open the link again from My exports." : body.error.message);
  }
}
