/**
 * The rates worker as its own service: `deno run -A rates/main.ts`. Fetches
 * the ECB's reference rates (or a mirror's: `KOPEK_RATES_DAILY_URL`,
 * `KOPEK_RATES_HISTORY_URL`) on a schedule into PostgreSQL and, with Valkey,
 * starts a new cache generation whenever rates change. Migrates `fx_rates` at
 * start when its role owns the schema, else checks that `kopek migrate` did.
 *
 * @module
 */
import { prepareSchemaOrExit } from "@kopek/eventstore";
import { connect, createLogger, exitOnFatal, loadConfigOrExit, openBus } from "@kopek/platform";
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
  const bus = await openBus(config.KOPEK_VALKEY_URL, logger);
  const worker = createRatesWorker({
    sql,
    source: rateSourceFromConfig(config),
    logger,
    intervalMs: config.KOPEK_RATES_INTERVAL_MINUTES * 60_000,
    onSaved: () => bumpRatesGeneration(bus),
  });
  const shutdown = async () => {
    await worker.stop();
    await bus.close();
    await sql.end({ timeout: 5 });
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
  worker.start();
  logger.info(
    { daily: config.KOPEK_RATES_DAILY_URL, history: config.KOPEK_RATES_HISTORY_URL },
    "rates worker started",
  );
}
