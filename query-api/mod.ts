/**
 * query-api: the read side of Kopek's public API (`GET /v1/...`) over the
 * projector's read models, with read-your-writes through
 * `Kopek-Min-Position` and `Kopek-Position` on every answer.
 *
 * @example
 * ```ts
 * import { createQueryApi } from "@kopek/query-api";
 *
 * const queryApi = createQueryApi({ sql, store, tokens, logger });
 * const res = await queryApi.request("/v1/groups", { headers: { authorization: `Bearer ${t}` } });
 * ```
 *
 * @module
 */
export { createQueryApi, type QueryApi } from "./app.ts";
export {
  compose as composeQueryApi,
  type QueryApiComposeConfig,
  QueryApiConfig,
  type QueryApiShared,
} from "./compose.ts";
export type { QueryApiDeps } from "./deps.ts";
export {
  createPositionWaiter,
  type PositionWaiter,
  type PositionWaiterOptions,
} from "./position_waiter.ts";
export { balancesJson } from "./routes/balances.ts";
export { entryJson } from "./routes/expenses.ts";
export { createLiveHub, type LiveHub } from "./live/hub.ts";
// The route table now lives in @kopek/contract; these names stay for the tests that use them.
export { openApiDocument, type Route as Operation, ROUTES as OPERATIONS } from "@kopek/contract";
export { createFileTokens, type FileGrant, type FileTokens } from "./attachments/file_token.ts";
