// POST /api/v1/sla/observations: other systems report SLA observations (lib/sla/ingest/ingest-sla-observations.ts).
import { AppError } from "@/lib/core/errors";
import { apiRoute, json } from "@/lib/api/api-route";
import { OPERATIONS } from "@/lib/api/operations";
import { ingestSlaObservations, MAX_OBSERVATIONS } from "@/lib/sla/ingest/ingest-sla-observations";

export const dynamic = "force-dynamic";

export const POST = apiRoute(OPERATIONS.postSlaObservations, async ({ caller, body }) => {
  const outcome = await ingestSlaObservations({ tokenId: caller.tokenId, tokenName: caller.tokenName }, observationsOf(body));
  return json(outcome.stored ? 200 : 422, outcome);
});

/** `{ "observations": [...] }`; the items themselves are judged one by one by the ingest. */
function observationsOf(body: unknown): unknown[] {
  if (!body || typeof body !== "object" || Array.isArray(body) || !("observations" in body)) {
    throw new AppError("bad_request", 'Send { "observations": [ … ] }.', { field: "observations" });
  }
  const extra = Object.keys(body).filter((k) => k !== "observations");
  if (extra.length > 0) throw new AppError("bad_request", `Unknown field(s) ${extra.join(", ")} beside observations.`, { field: extra[0] });
  const items = (body as { observations: unknown }).observations;
  if (!Array.isArray(items)) throw new AppError("bad_request", "observations must be an array of observations.", { field: "observations" });
  if (items.length === 0) throw new AppError("validation_failed", "observations is empty: send at least one.", { field: "observations" });
  if (items.length > MAX_OBSERVATIONS) {
    throw new AppError(
      "too_large",
      `A batch holds at most ${MAX_OBSERVATIONS.toLocaleString("en-US")} observations; this one has ${items.length}. Nothing was stored.`,
      { field: "observations" },
    );
  }
  return items;
}
