// Downloads a purge run's report (?format=csv|json) for purge.read; lib/holds/purge/download-report.ts checks and
// ledgers it. Failures are JSON errors with their status (a 422 names the field).
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requireUser } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/core/errors";
import { downloadPurgeReport } from "@/lib/holds/purge/download-report";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    const { id } = await params;
    const format = new URL(request.url).searchParams.get("format") ?? "csv";
    const file = await downloadPurgeReport({ actor: { id: user.id, role: user.role }, meta }, { runId: id, format });
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    return Response.json(body, { status, headers: { "cache-control": "no-store" } });
  }
}
