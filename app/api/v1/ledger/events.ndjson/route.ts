// GET /api/v1/ledger/events.ndjson?after=SEQ: ledger entries as §5.1 envelope events, streamed (lib/api/ledger-reads.ts).
import { apiRoute } from "@/lib/api/api-route";
import { exportLedgerEvents } from "@/lib/api/ledger-reads";
import { OPERATIONS } from "@/lib/api/operations";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  OPERATIONS.getLedgerEventsNdjson,
  async ({ caller, query }) =>
    new Response(await exportLedgerEvents(caller, query), {
      headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
    }),
);
