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
import { prepareSchemaOrExit } from "@kopek/eventstore";
import {
  connect,
  createLogger,
  databaseCheck,
  exitOnFatal,
  instrumentBus,
  loadConfigOrExit,
  openBus,
  registerPool,
  serveOperations,
  serverSettings,
  serviceMetrics,
} from "@kopek/platform";
import { bumpRatesGeneration } from "./cached.ts";
import { RatesConfig, rateSourceFromConfig } from "./config.ts";
import { ratesSchema } from "./store.ts";
import { createRatesWorker } from "./worker.ts";

export { RatesConfig };

if (import.meta.main) {
  const config = loadConfigOrExit(RatesConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-rates" });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 2, applicationName: "kopek-rates" });
  await prepareSchemaOrExit(sql, [ratesSchema], logger);
  // One Prometheus registry for the process, served at /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, logger), metrics.registry);
  const worker = createRatesWorker({
    sql,
    source: rateSourceFromConfig(config),
    logger,
    metrics: metrics.registry,
    intervalMs: config.KOPEK_RATES_INTERVAL_MINUTES * 60_000,
    onSaved: () => bumpRatesGeneration(bus),
  });
  worker.start();
  // Its health endpoints and metrics, until SIGINT/SIGTERM (handled once it listens).
  await serveOperations({
    checks: [databaseCheck(sql)],
    metrics,
    port: config.KOPEK_PORT,
    logger,
    settings: serverSettings(config),
    onListening: () =>
      logger.info(
        {
          daily: config.KOPEK_RATES_DAILY_URL,
          history: config.KOPEK_RATES_HISTORY_URL,
          port: config.KOPEK_PORT,
        },
        "rates worker started",
      ),
    onShutdown: async () => {
      await worker.stop();
      await bus.close();
      await sql.end({ timeout: 5 });
    },
  });
}
