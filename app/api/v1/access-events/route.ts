// POST /api/v1/access-events: other systems report restricted accesses (lib/ingest/ingest-access-events.ts).
import { AppError } from "@/lib/core/errors";
import { apiRoute, json } from "@/lib/api/api-route";
import { OPERATIONS } from "@/lib/api/operations";
import { MAX_BATCH } from "@/lib/ingest/envelope";
import { ingestAccessEvents } from "@/lib/ingest/ingest-access-events";

export const dynamic = "force-dynamic";

export const POST = apiRoute(OPERATIONS.postAccessEvents, async ({ caller, body }) => {
  const events = eventsOf(body);
  const outcome = await ingestAccessEvents({ tokenId: caller.tokenId, tokenName: caller.tokenName, meta: caller.meta }, events);
  return json(outcome.accepted + outcome.duplicates === 0 ? 422 : 200, outcome);
});

/** `{ "events": [...] }` or one event object; the events themselves are judged one by one by the ingest. */
function eventsOf(body: unknown): unknown[] {
  if (body && typeof body === "object" && !Array.isArray(body) && "events" in body) {
    const events = (body as { events: unknown }).events;
    if (!Array.isArray(events)) throw new AppError("bad_request", "events must be an array of access events.", { field: "events" });
    if (events.length === 0) throw new AppError("validation_failed", "events is empty: send at least one event.", { field: "events" });
    if (events.length > MAX_BATCH) {
      throw new AppError("too_large", `A batch holds at most ${MAX_BATCH} events; this one has ${events.length}. Nothing was stored.`, {
        field: "events",
      });
    }
    const extra = Object.keys(body).filter((k) => k !== "events");
    if (extra.length > 0) throw new AppError("bad_request", `Unknown field(s) ${extra.join(", ")} beside events.`, { field: extra[0] });
    return events;
  }
  if (body && typeof body === "object" && !Array.isArray(body)) return [body];
  throw new AppError("bad_request", 'Send one access event object, or { "events": [ … ] }.', { field: "body" });
}
