// GET /api/v1/ledger/entries?after=SEQ&limit=N: ledger entries as stored, in seq order (lib/api/ledger-reads.ts).
import { apiRoute, json } from "@/lib/api/api-route";
import { listLedgerEntriesForApi } from "@/lib/api/ledger-reads";
import { OPERATIONS } from "@/lib/api/operations";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getLedgerEntries, async ({ caller, query }) => json(200, await listLedgerEntriesForApi(caller, query)));
