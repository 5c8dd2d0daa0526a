/**
 * The rates worker wired from its configuration and the parts its process
 * shares (ADR 0048): used by `rates/main.ts` (a process of its own) and by
 * `kopek start` (the all-in-one, when `KOPEK_RATES_FETCH` is on). A change of
 * rates starts a new generation of the rate cache.
 *
 * @module
 */
import type { z } from "zod";
import type { SchemaPart, SharedParts } from "@kopek/platform";
import { bumpRatesGeneration } from "./cached.ts";
import { type RatesConfig, rateSourceFromConfig, type RatesSourceConfig } from "./config.ts";
import { createRatesWorker, type RatesWorker } from "./worker.ts";
import { ratesSchema } from "./store.ts";

/** The parts of the database its own process applies (or checks) at start, in migration order. */
export const RATES_PROCESS_SCHEMA: readonly SchemaPart[] = Object.freeze([ratesSchema]);

/** The variables {@linkcode compose} reads: the source's URLs and the interval. */
export type RatesComposeConfig =
  & z.infer<typeof RatesSourceConfig>
  & Pick<z.infer<typeof RatesConfig>, "KOPEK_RATES_INTERVAL_MINUTES">;

/** The rates worker (not started), wired once for both ways to run it. */
export function compose(config: RatesComposeConfig, shared: SharedParts): RatesWorker {
  return createRatesWorker({
    sql: shared.sql,
    source: rateSourceFromConfig(config),
    logger: shared.logger,
    metrics: shared.metrics,
    intervalMs: config.KOPEK_RATES_INTERVAL_MINUTES * 60_000,
    onSaved: () => bumpRatesGeneration(shared.bus),
  });
}
