// The OpenAPI 3.1 document of /api/v1, generated from OPERATIONS and their zod schemas (z.toJSONSchema, JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Named schemas (.meta({ id })) become components; nothing is written by hand.
import { z } from "zod";
import { ZApiError } from "./schemas";
import { OPERATIONS, type ApiOperation } from "./operations";
import { TOKEN_USE_LABELS, TOKEN_SECRET_PREFIX } from "./token-uses";

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: "The request could not be read (not JSON, wrong content type)",
  401: "No token, or a wrong, expired or revoked token, or its owner is disabled",
  403: "The token does not have the use this operation needs (recorded in the ledger)",
  404: "Not found",
  413: "Too large: more items than the operation takes in one batch (it says how many), or too many bytes; nothing stored",
  422: "Invalid input: the field and the reason",
  429: "Rate limit of this token reached; see Retry-After",
  503: "The ledger cannot be written right now; nothing was done; see Retry-After",
};

/** One schema as JSON Schema, its named sub-schemas collected into `components`. */
function schemaOf(schema: z.ZodType, components: Json, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete out.$schema;
  const defs = (out.$defs ?? {}) as Json;
  delete out.$defs;
  for (const [name, def] of Object.entries(defs)) components[name] = def;
  const id = (schema.meta() as { id?: string } | undefined)?.id;
  const rewritten = JSON.parse(JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  if (id) {
    const ref = `#/components/schemas/${id}`;
    delete rewritten.id;
    // zod writes a named root as a $ref to its own $defs entry, already collected above: keep that definition, never
    // a component that refers to itself.
    if (!(rewritten.$ref === ref && Object.keys(rewritten).length === 1)) components[id] = rewritten;
    return { $ref: ref };
  }
  return rewritten;
}

export function buildOpenApiDocument(): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const op of Object.values(OPERATIONS) as ApiOperation[]) {
    const responses: Json = {
      [String(op.success.status)]: {
        description: op.success.description,
        ...(op.success.schema || op.success.contentType === "application/json"
          ? {
              content: {
                [op.success.contentType]: { schema: op.success.schema ? schemaOf(op.success.schema, components, "output") : { type: "object" } },
              },
            }
          : {}),
      },
    };
    const errors = [...new Set([...op.errors, ...(op.use ? [401, 403, 429, 503] : [])])].sort();
    for (const status of errors) {
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        ...(status === 429 || status === 503 ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } } } : {}),
      };
    }
    const operation: Json = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: op.use ? [{ bearerToken: [] }] : [],
      ...(op.use ? { "x-token-use": op.use } : {}),
      responses,
    };
    if (op.query) {
      operation.parameters = Object.entries(op.query.shape).map(([name, schema]) => {
        const s = schemaOf(schema as z.ZodType, components, "input");
        return { name, in: "query", required: false, schema: s, ...(s.description ? { description: s.description } : {}) };
      });
    }
    if (op.body) {
      operation.requestBody = { required: true, content: { "application/json": { schema: schemaOf(op.body.schema, components, "input") } } };
    }
    paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operation };
  }
  schemaOf(ZApiError, components, "output");
  return {
    openapi: "3.1.0",
    info: {
      title: "Warden machine API",
      version: "1.0.0",
      description:
        "Other systems report restricted accesses into Warden's ledger, ask for access decisions, and read the ledger. Every call but this document needs a machine token that a privacy admin creates in the console (Tokens).",
    },
    servers: [{ url: "/api/v1" }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: `A machine token (${TOKEN_SECRET_PREFIX}…), shown once when it is created. Its allowed uses: ${Object.entries(TOKEN_USE_LABELS)
            .map(([u, l]) => `${u} — ${l}`)
            .join("; ")}.`,
        },
      },
    },
  };
}
