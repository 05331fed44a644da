// Every operation of /api/v1, once: its path, method, the token use it needs, and the zod schemas its route
// validates with. Route files wrap their handler with apiRoute(OPERATIONS.x, …) and the OpenAPI document is built
// from this list, so the two cannot drift (operations.test.ts checks each route file against it).
import type { z } from "zod";
import { ZAccessEventsRequest } from "@/lib/ingest/envelope";
import { ZSlaIngestResponse, ZSlaObservationsRequest } from "@/lib/sla/ingest/items";
import {
  ZCheckpointsQuery,
  ZCheckpointsResponse,
  ZDecisionRequest,
  ZDecisionResponse,
  ZEntriesQuery,
  ZEntriesResponse,
  ZExportedEvent,
  ZExportQuery,
  ZIngestResponse,
} from "./schemas";
import type { TokenUse } from "./token-uses";

export interface ApiOperation {
  operationId: string;
  method: "GET" | "POST";
  /** Under /api/v1. */
  path: string;
  summary: string;
  description?: string;
  /** The token use required; null: public (the document itself). */
  use: TokenUse | null;
  query?: z.ZodObject;
  body?: {
    schema: z.ZodType;
    /** "route": the route validates each item itself (ingest: one bad event must not sink the batch). */
    validation: "whole" | "route";
    maxBytes: number;
  };
  success: { status: number; description: string; contentType: string; schema?: z.ZodType };
  /** Error statuses this operation can answer, besides the common 401/403/429/503 of authenticated ones. */
  errors: number[];
}

export const OPERATIONS = {
  postAccessEvents: {
    operationId: "postAccessEvents",
    method: "POST",
    path: "/access-events",
    summary: "Report restricted accesses made in another system (one event or a batch of up to 1,000)",
    description:
      "Each event is validated on its own: valid events become ledger entries (one each, all in one transaction), invalid ones are listed with their field and reason. A retried event_id is answered `duplicate` with the original seq and never stored twice. More than 1,000 events: 413, nothing stored. Ledger unavailable: 503, nothing stored.",
    use: "events:write",
    body: { schema: ZAccessEventsRequest, validation: "route", maxBytes: 16 * 1024 * 1024 },
    success: {
      status: 200,
      description: "Every event's outcome, in request order (422 with the same body when every event was rejected)",
      contentType: "application/json",
      schema: ZIngestResponse,
    },
    errors: [400, 413, 422],
  },
  postDecisions: {
    operationId: "postDecisions",
    method: "POST",
    path: "/decisions",
    summary: "May this console user read these columns of this dataset for this purpose?",
    description:
      "Answered by the same policy as the console's gateway: allow, mask (with the masking rule) or deny per column, from the user's grants in force for the dataset. The decision is recorded in the ledger before it is answered; if the ledger cannot be written the answer is 503.",
    use: "decisions:read",
    body: { schema: ZDecisionRequest, validation: "whole", maxBytes: 64 * 1024 },
    success: { status: 200, description: "The decision per column", contentType: "application/json", schema: ZDecisionResponse },
    errors: [400, 404, 422],
  },
  getLedgerEntries: {
    operationId: "getLedgerEntries",
    method: "GET",
    path: "/ledger/entries",
    summary: "Ledger entries in seq order after a cursor, as stored (ids and hashes)",
    description: "Keyset paging on seq. Each call is itself recorded in the ledger (one entry, action api.ledger_read).",
    use: "ledger:read",
    query: ZEntriesQuery,
    success: { status: 200, description: "A page of entries", contentType: "application/json", schema: ZEntriesResponse },
    errors: [422],
  },
  getLedgerCheckpoints: {
    operationId: "getLedgerCheckpoints",
    method: "GET",
    path: "/ledger/checkpoints",
    summary: "Signed checkpoints (tree size, Merkle root, key id, the signed note)",
    use: "ledger:read",
    query: ZCheckpointsQuery,
    success: { status: 200, description: "A page of checkpoints, oldest first", contentType: "application/json", schema: ZCheckpointsResponse },
    errors: [422],
  },
  getLedgerEventsNdjson: {
    operationId: "getLedgerEventsNdjson",
    method: "GET",
    path: "/ledger/events.ndjson",
    summary: "Ledger entries as §5.1 envelope events, one JSON object per line",
    description:
      "Streams entries with seq greater than `after`, up to the head at the start of the call (or `limit`). event_id is derived from seq and entry_hash, so a re-export is idempotent downstream. Each call is itself recorded in the ledger.",
    use: "ledger:read",
    query: ZExportQuery,
    success: { status: 200, description: "NDJSON, one ExportedEvent per line", contentType: "application/x-ndjson", schema: ZExportedEvent },
    errors: [422],
  },
  postSlaObservations: {
    operationId: "postSlaObservations",
    method: "POST",
    path: "/sla/observations",
    summary: "Report SLA observations (a batch of up to 5,000; stored all or nothing)",
    description:
      "Each item names its SLA (`sla`, a definition key), its `kind` (the SLA's kind) and your idempotency key (`id`), with every quantity in an explicit unit. Each item is validated on its own; if any is rejected the answer is 422 with every item's result and NOTHING is stored. Otherwise 200: each item `accepted`, or `duplicate` when that id was stored before with the same content (a retry). The same id with different content is rejected. Timestamps more than 5 minutes ahead of Warden's clock or more than 400 days old are rejected. More than 5,000 items: 413. Database unavailable: 503, nothing stored. One example per kind is in the item schemas (SlaPipelineRun … SlaAccessReport).",
    use: "sla:write",
    body: { schema: ZSlaObservationsRequest, validation: "route", maxBytes: 16 * 1024 * 1024 },
    success: {
      status: 200,
      description: "Every item's outcome, in request order (422 with the same body, stored false, when any item was rejected)",
      contentType: "application/json",
      schema: ZSlaIngestResponse,
    },
    errors: [400, 413, 422],
  },
  getOpenApi: {
    operationId: "getOpenApi",
    method: "GET",
    path: "/openapi.json",
    summary: "This document",
    use: null,
    success: { status: 200, description: "The OpenAPI 3.1 document of /api/v1", contentType: "application/json" },
    errors: [],
  },
} as const satisfies Record<string, ApiOperation>;
