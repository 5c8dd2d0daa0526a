/**
 * Test helpers of the domain, for Kopek's own tests, fuzzers and benchmarks
 * (never for production code): group fixtures, generated ledgers, generated
 * import histories (a dump's events with their actors and times, and both
 * passes of an import run over them), and forgeries of those histories.
 *
 * @module
 */
export * from "./group_fixtures.ts";
export * from "./ledger_arbitraries.ts";
export * from "./import_histories.ts";
export * from "./forgery.ts";
