/**
 * Kopek's public HTTP contract, in one place: the request schemas (the
 * domain's), the response types, the problem codes with their statuses, and
 * the route table of command-api and query-api from which the OpenAPI
 * document is generated. It imports only the domain and zod.
 *
 * @example
 * ```ts
 * import { openApiDocument, routeOf } from "@kopek/contract";
 * import type { Balances } from "@kopek/contract";
 *
 * routeOf("GET", "/v1/groups/{g}/balances").statuses; // [200, 304, 400, 401, 404, ...]
 * ```
 *
 * @module
 */
export * from "./problems.ts";
export * from "./route.ts";
export * from "./routes.ts";
export * from "./schemas.ts";
export { openApiDocument } from "./openapi.ts";
export type * from "./responses.ts";
export type * from "./responses_attachments.ts";
export type * from "./responses_email.ts";
export type * from "./response_names.ts";
