import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { ZAccessEvent, ZAccessEventBatch, ZAccessEventsRequest } from "@/lib/ingest/envelope";
import { buildOpenApiDocument } from "./openapi";
import { OPERATIONS, type ApiOperation } from "./operations";
import type { ApiHandler } from "./api-route";

const ROOT = path.resolve(__dirname, "../../app/api/v1");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

type Doc = {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; security: unknown[] }>>;
  components: { schemas: Record<string, unknown> };
};

describe("the OpenAPI document and the routes agree", () => {
  it("every method exported by a route file under app/api/v1 is an operation of the document at its path, and vice versa", async () => {
    const doc = buildOpenApiDocument() as Doc;
    const fromRoutes: string[] = [];
    for (const file of routeFiles(ROOT)) {
      const urlPath = "/" + path.relative(ROOT, path.dirname(file)).split(path.sep).join("/");
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => m in mod)) {
        const handler = mod[method] as ApiHandler;
        // The handler is built by apiRoute from the operation the document is built from.
        expect(handler.operation, `${method} ${urlPath} is wrapped by apiRoute`).toBeDefined();
        expect([handler.operation.method, handler.operation.path]).toEqual([method, urlPath]);
        fromRoutes.push(`${method} ${urlPath}`);
      }
    }
    const fromDocument = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(fromRoutes.sort()).toEqual(fromDocument.sort());
    expect(fromRoutes.length).toBe(Object.keys(OPERATIONS).length);
  });

  it("documents each request body with the very schema the route validates with", () => {
    const doc = buildOpenApiDocument() as Doc;
    for (const op of Object.values(OPERATIONS) as ApiOperation[]) {
      const documented = doc.paths[op.path][op.method.toLowerCase()];
      if (!op.body) {
        expect(documented.requestBody).toBeUndefined();
        continue;
      }
      const ref = documented.requestBody!.content["application/json"].schema as { $ref?: string };
      const inline = ref.$ref ? doc.components.schemas[ref.$ref.split("/").pop()!] : ref;
      const whole = z.toJSONSchema(op.body.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
      // A named root is written as a $ref to its own $defs entry: compare with that definition, not with the $ref.
      const defs = (whole.$defs ?? {}) as Record<string, Record<string, unknown>>;
      const own = typeof whole.$ref === "string" ? defs[whole.$ref.replace("#/$defs/", "")] : undefined;
      const generated = { ...(own ?? whole) };
      delete generated.$schema;
      delete generated.$defs;
      delete generated.id;
      const normalise = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll("#/components/schemas/", "#/$defs/")) as unknown;
      expect(normalise(inline)).toEqual(normalise(generated));
    }
    // The ingest route judges each event alone with ZAccessEvent: it is the item schema of the documented body.
    expect(ZAccessEventsRequest.options).toContain(ZAccessEvent);
    expect(ZAccessEventBatch.shape.events.element).toBe(ZAccessEvent);
    expect(doc.components.schemas.AccessEvent).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(["event_id", "payload"]),
    });
  });

  it("is served at /api/v1/openapi.json as OpenAPI 3.1 with the bearer scheme on every operation but itself", async () => {
    const res = await getDocument(new Request("http://warden.test/api/v1/openapi.json"));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc & { openapi: string; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) expect(op.security, p).toEqual(p === "/openapi.json" ? [] : [{ bearerToken: [] }]);
    }
    // Every $ref resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
    // …to a definition: no component is a bare $ref to itself (a code generator would loop or give up on it).
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(schema, name).not.toEqual({ $ref: `#/components/schemas/${name}` });
    }
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", properties: expect.objectContaining({ error: expect.anything() }) });
  });
});
