// GET /api/v1/ledger/checkpoints: signed checkpoints, oldest first (lib/api/ledger-reads.ts).
import { apiRoute, json } from "@/lib/api/api-route";
import { listCheckpointsForApi } from "@/lib/api/ledger-reads";
import { OPERATIONS } from "@/lib/api/operations";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getLedgerCheckpoints, async ({ query }) => json(200, await listCheckpointsForApi(query)));
