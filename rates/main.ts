/**
 * The rates worker as its own service: `deno run -A rates/main.ts`. Fetches
 * the ECB's reference rates (or a mirror's: `KOPEK_RATES_DAILY_URL`,
 * `KOPEK_RATES_HISTORY_URL`) on a schedule into PostgreSQL and, with Valkey,
 * starts a new cache generation whenever rates change. Migrates `fx_rates` at
 * start when its role owns the schema, else checks that `kopek migrate` did.
 * It serves `/healthz`, `/readyz` (the database) and `/metrics` (its runs,
 * failures and last success, ADR 0036) on `KOPEK_PORT` (default 8080).
 *
 * @module
 */
import { databaseCheck, openServiceProcess, serveWorkerProcess } from "@kopek/platform";
import { compose, RATES_PROCESS_SCHEMA } from "./compose.ts";
import { RatesConfig } from "./config.ts";

export { RatesConfig };

if (import.meta.main) {
  const shared = await openServiceProcess({
    config: RatesConfig,
    name: "rates",
    poolSize: 2,
    schema: RATES_PROCESS_SCHEMA,
  });
  const { config, logger, sql } = shared;
  const worker = compose(config, shared);
  worker.start();
  // Its health endpoints and metrics, until SIGINT/SIGTERM (handled once it listens).
  await serveWorkerProcess(shared, {
    checks: [databaseCheck(sql)],
    worker,
    onListening: () =>
      logger.info(
        {
          daily: config.KOPEK_RATES_DAILY_URL,
          history: config.KOPEK_RATES_HISTORY_URL,
          port: config.KOPEK_PORT,
        },
        "rates worker started",
      ),
  });
}
