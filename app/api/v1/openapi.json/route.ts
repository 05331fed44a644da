// GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the routes' own zod schemas (lib/api/openapi.ts).
import { apiRoute, json } from "@/lib/api/api-route";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { OPERATIONS } from "@/lib/api/operations";

export const dynamic = "force-dynamic";

export const GET = apiRoute(OPERATIONS.getOpenApi, async () => json(200, buildOpenApiDocument()));
