/**
 * `GET /v1/rates?base=EUR&date=2026-11-20`: the reference rates published on
 * or before the date (the latest without one), as cross rates for any base,
 * through the cache.
 *
 * @module
 */
import type { Hono } from "hono";
import { CurrencyCode, InputDate } from "@kopek/domain";
import type { Cache } from "@kopek/platform";
import { cachedRatesTable } from "@kopek/rates";
import type { QueryApiDeps } from "../deps.ts";
import { jsonWithEtag, notFound, parseQuery } from "../_http.ts";

/** Mounts the rates route. */
export function rateRoutes(deps: QueryApiDeps & { cache: Cache }) {
  return (app: Hono) => {
    app.get("/v1/rates", async (c) => {
      const query = parseQuery(c, {
        base: CurrencyCode.optional().default("EUR"),
        date: InputDate.optional(),
      });
      const table = await cachedRatesTable(deps.sql, deps.cache, query.base, query.date);
      if (!table) {
        throw notFound(
          `rates for ${query.base}${query.date ? ` on or before ${query.date}` : ""}`,
        );
      }
      return await jsonWithEtag(c, table);
    });
  };
}
