/**
 * Exchange rates: a pluggable rate source (the ECB's daily euro reference
 * rates by default), their storage in PostgreSQL, exact cross rates through
 * the source's base, a scheduled worker that retries with backoff and keeps
 * the last good rates, a file import for offline installs, and the lookups
 * the command side (`FxResolver`) and `GET /v1/rates` use.
 *
 * @example
 * ```ts
 * import { createEcbRateSource, createFxResolver, createRatesWorker, ratesMigrate } from "@kopek/rates";
 *
 * await ratesMigrate(sql);
 * const worker = createRatesWorker({ sql, source: createEcbRateSource(), logger });
 * worker.start();
 * const fx = createFxResolver(sql); // pass to the command API
 * await fx.rate("USD", "EUR", "2026-11-20"); // { rate: "0.92…", date: "2026-11-20", source: "ecb" } or null
 * await worker.stop();
 * ```
 *
 * @module
 */
export {
  type FetchOptions,
  type FetchScope,
  type Publication,
  type RateSource,
  RateSourceError,
  type RateSourceErrorKind,
} from "./source.ts";
export {
  createEcbRateSource,
  ECB_DAILY_URL,
  ECB_HISTORY_URL,
  type EcbRateSourceOptions,
} from "./ecb/source.ts";
export { RatesConfig, rateSourceFromConfig, RatesSourceConfig } from "./config.ts";
export { compose as composeRates, type RatesComposeConfig } from "./compose.ts";
export { ECB_BASE, isIsoDate, parseEcbXml } from "./ecb/parse.ts";
export { CROSS_RATE_SIGNIFICANT_DIGITS, crossRate, roundSignificant } from "./cross.ts";
export {
  latestPublicationDate,
  ratesMigrate,
  ratesMigrations,
  ratesSchema,
  savePublications,
  type SaveResult,
} from "./store.ts";
export {
  createFxResolver,
  type FxResolver,
  type LookupOptions,
  rateFor,
  type RateQuote,
  type RatesTable,
  ratesTable,
} from "./lookup.ts";
export { backoffDelay, type BackoffOptions, sleep } from "./backoff.ts";
export {
  createRatesWorker,
  type RatesWorker,
  type RatesWorkerOptions,
  type RatesWorkerStatus,
  type RunResult,
} from "./worker.ts";
export { type ImportOptions, importRatesFile, type ImportResult } from "./import.ts";
export { assertPublications, rateSourceContract, type RateSourceFixture } from "./contract.ts";
export * from "./cached.ts";
