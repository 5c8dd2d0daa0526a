/**
 * The OpenAPI 3.1 document served at `GET /v1/openapi.json`, generated from
 * the route table: bodies from the same zod schemas that validate requests
 * (`z.toJSONSchema()`), statuses and problem codes from the table, so the
 * document cannot drift from what the service accepts and answers.
 *
 * @module
 */
import { z } from "zod";
import { problemStatuses, type RequestHeader, type Route } from "./route.ts";
import { ROUTES } from "./routes.ts";

const PROBLEM = {
  type: "object",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
  },
};

const HEADER_SCHEMAS: Record<RequestHeader, Record<string, unknown>> = {
  "If-Match": { type: "string", description: 'the version to change, like "3"' },
  "If-None-Match": { type: "string", description: "an ETag of this answer: 304 while it holds" },
  "Idempotency-Key": { type: "string", pattern: "^[A-Za-z0-9._:-]{1,128}$" },
  "Kopek-Min-Position": { type: "integer", minimum: 0 },
  "Last-Event-ID": { type: "string" },
};

function schemaOf(body: z.ZodType, io: "input" | "output" = "input"): unknown {
  const { $schema: _, ...schema } = z.toJSONSchema(body, { io, unrepresentable: "any" });
  return schema;
}

function problemResponse(route: Route, status: number): Record<string, unknown> {
  const codes = route.problems.filter((p) => problemStatuses(p, route.auth).includes(status));
  const retry = status === 429 || status === 503;
  return {
    description: `problem ${status}: ${codes.join(", ")}`,
    "x-problem-codes": codes,
    ...(retry ? { headers: { "Retry-After": { schema: { type: "integer", minimum: 1 } } } } : {}),
    content: {
      "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
    },
  };
}

function success(route: Route): Record<string, unknown> {
  if (route.ok === 204) return { description: "success, no body" };
  const content = route.produces ? { [route.produces]: { schema: { type: "string" } } } : {
    "application/json": route.responseSchema
      ? { schema: schemaOf(route.responseSchema, "output") }
      : {},
  };
  return {
    description: route.response ? `success: ${route.response}` : "success",
    ...(route.responseHeaders.length
      ? {
        headers: Object.fromEntries(
          route.responseHeaders.map((h) => [h, { schema: { type: "string" } }]),
        ),
      }
      : {}),
    content,
  };
}

function security(route: Route): Record<string, unknown> {
  switch (route.auth) {
    case "none":
      return { security: [] };
    case "service":
      return { security: [{ botKey: [] }] };
    case "optional":
      return { security: [{}, { bearer: [] }] };
    case "user":
      return {};
  }
}

function operation(route: Route): Record<string, unknown> {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: m[1] === "code" ? { type: "string" } : { type: "string", format: "uuid" },
  }));
  const headers = route.requestHeaders.map((name) => ({
    name,
    in: "header",
    schema: HEADER_SCHEMAS[name],
  }));
  const query = route.query.map((name) => ({
    name,
    in: "query",
    schema: name === "minPosition" ? { type: "integer", minimum: 0 } : { type: "string" },
  }));
  const body = route.body
    ? { content: { "application/json": { schema: schemaOf(route.body) } } }
    : route.consumes
    ? {
      content: Object.fromEntries(
        route.consumes.map((type) => [type, { schema: { type: "string" } }]),
      ),
    }
    : null;
  return {
    summary: route.summary,
    "x-service": route.service,
    parameters: [...params, ...headers, ...query],
    ...(body ? { requestBody: { required: true, ...body } } : {}),
    ...security(route),
    responses: Object.fromEntries(
      route.statuses.map((s) => [
        String(s),
        s === route.ok || route.alsoOk?.includes(s)
          ? success(route)
          : s === 304
          ? { description: "not modified (If-None-Match)" }
          : problemResponse(route, s),
      ]),
    ),
  };
}

/** Builds the OpenAPI document from the route table. */
export function openApiDocument(routes: readonly Route[] = ROUTES): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "Kopek",
      version: "1",
      description:
        "The public HTTP API of Kopek, an event-sourced expense ledger. Money is `{ amount: decimal string, currency: ISO 4217 }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        botKey: { type: "http", scheme: "bearer", description: "KOPEK_BOT_API_KEY" },
      },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}
