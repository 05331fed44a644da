// The access review report as CSV, for auditors and privacy admins (review.read). Formula-safe cells; console
// users' names and emails only (lib/scopes/review-report.ts).
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { jsonError } from "@/lib/http/json-error";
import { reviewReportCsv } from "@/lib/scopes/review-report";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ campaignId: string }> }): Promise<Response> {
  try {
    const user = await requireUser();
    await requirePermission(user, "review.read");
    const { campaignId } = await params;
    if (!/^rvc_[0-9a-z]{4,40}$/.test(campaignId)) throw new AppError("not_found", "No such access review", { field: "campaignId" });
    const report = await reviewReportCsv(user, campaignId);
    if (!report) throw new AppError("not_found", "No such access review", { field: "campaignId" });
    return new Response(report.csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${report.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
