// One entry's inclusion proof as a JSON file, for `npm run warden -- ledger verify --proof FILE` (issue 7 §2), for
// those who may read the ledger. 409 with the reason while no signed checkpoint covers the entry yet.
import { requirePermission, requireUser } from "@/lib/auth/session";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { AppError } from "@/lib/core/errors";
import { dbTarget } from "@/lib/db/client";
import { jsonError } from "@/lib/http/json-error";
import { buildInclusionProof } from "@/lib/ledger/proofs";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ seq: string }> }): Promise<Response> {
  try {
    const user = await requireUser();
    await requirePermission(user, "ledger.read", await currentRequestMeta());
    const { seq } = await params;
    if (!/^[1-9][0-9]{0,15}$/.test(seq)) throw new AppError("not_found", "No such ledger entry", { field: "seq" });
    const result = await buildInclusionProof(dbTarget(), Number(seq));
    if (result.status === "not_covered") throw new AppError("conflict", result.message, { field: "seq" });
    return new Response(JSON.stringify(result.proof, null, 2) + "\n", {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="warden-proof-seq-${result.proof.seq}.json"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
