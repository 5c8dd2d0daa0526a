/**
 * Rates through the cache (Valkey, or in-process): lookups and tables are
 * cached with a TTL under a *generation* that the worker changes whenever it
 * stores new or corrected rates, so a change is visible at once everywhere
 * and stale entries simply age out.
 *
 * @module
 */
import type { Cache } from "@kopek/platform";
import type { Sql } from "@kopek/platform";
import {
  createFxResolver,
  type FxResolver,
  type LookupOptions,
  type RatesTable,
  ratesTable,
} from "./lookup.ts";

/** The key that holds the current generation of the rates. */
export const RATES_GENERATION_KEY = "rates:generation";
const GENERATION_TTL_MS = 400 * 24 * 3600 * 1000;

/** Starts a new generation: every cached lookup made before is ignored from now on. */
export async function bumpRatesGeneration(cache: Cache): Promise<void> {
  await cache.set(RATES_GENERATION_KEY, crypto.randomUUID(), GENERATION_TTL_MS);
}

async function generation(cache: Cache): Promise<string> {
  return (await cache.get(RATES_GENERATION_KEY)) ?? "0";
}

/** Options of the cached lookups. */
export interface CachedRatesOptions extends LookupOptions {
  /** How long an answer stays cached (default 10 minutes). */
  readonly ttlMs?: number;
}

/** A {@linkcode FxResolver} that asks the cache first. A miss (or the cache down) reads PostgreSQL. */
export function createCachedFxResolver(
  sql: Sql,
  cache: Cache,
  options: CachedRatesOptions = {},
): FxResolver {
  const inner = createFxResolver(sql, options);
  const ttl = options.ttlMs ?? 10 * 60_000;
  return {
    async rate(from, to, date) {
      const key = `rates:${await generation(cache)}:q:${from}:${to}:${date}`;
      const hit = await cache.get(key);
      if (hit !== null) return JSON.parse(hit);
      const quote = await inner.rate(from, to, date);
      // Misses are cached too (briefly) so that a flood of unknown pairs stays cheap.
      await cache.set(key, JSON.stringify(quote), quote ? ttl : Math.min(ttl, 60_000));
      return quote;
    },
  };
}

/** {@linkcode ratesTable} through the cache. */
export async function cachedRatesTable(
  sql: Sql,
  cache: Cache,
  base: string,
  date: string | undefined,
  options: CachedRatesOptions = {},
): Promise<RatesTable | null> {
  const key = `rates:${await generation(cache)}:t:${base}:${date ?? "latest"}`;
  const hit = await cache.get(key);
  if (hit !== null) return JSON.parse(hit);
  const table = await ratesTable(sql, base, date, options);
  // "latest" moves when new rates arrive; the generation takes care of that.
  await cache.set(key, JSON.stringify(table), options.ttlMs ?? 10 * 60_000);
  return table;
}
