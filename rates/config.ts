/**
 * The rates worker's configuration: its variables and the rate source they
 * describe. `KOPEK_RATES_DAILY_URL` and `KOPEK_RATES_HISTORY_URL` point the
 * ECB adapter at a mirror or proxy of the ECB's files (ADR 0034); unset, it
 * fetches the ECB's own.
 *
 * @module
 */
import { z } from "zod";
import { ConfigFields, ServerConfigFields } from "@kopek/platform";
import { createEcbRateSource } from "./ecb/source.ts";
import type { RateSource } from "./source.ts";

/** The variables that say where rates come from. */
export const RatesSourceConfig = z.object({
  KOPEK_RATES_DAILY_URL: ConfigFields.KOPEK_RATES_DAILY_URL,
  KOPEK_RATES_HISTORY_URL: ConfigFields.KOPEK_RATES_HISTORY_URL,
});

/** The variables the rates worker (`deno task serve:rates`) reads. */
export const RatesConfig = z.object({
  /** Its `/healthz`, `/readyz` and `/metrics` (ADR 0036). */
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_RATES_INTERVAL_MINUTES: ConfigFields.KOPEK_RATES_INTERVAL_MINUTES,
  ...RatesSourceConfig.shape,
  ...ServerConfigFields,
});

/**
 * The ECB source at the configured URLs (the ECB's own by default). Errors
 * and logs name the URL, so a mirror is easy to tell from the ECB.
 */
export function rateSourceFromConfig(
  config: z.infer<typeof RatesSourceConfig>,
  fetchImpl?: typeof fetch,
): RateSource {
  return createEcbRateSource({
    dailyUrl: config.KOPEK_RATES_DAILY_URL,
    historyUrl: config.KOPEK_RATES_HISTORY_URL,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
