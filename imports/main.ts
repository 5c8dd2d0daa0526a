/**
 * The import worker as its own service (distributed mode):
 * `deno task serve:imports`. Runs queued imports off the command API's
 * request path; any number of replicas share the queue (one job per user,
 * at most `IMPORT_POLICY.maxRunning` over all of them). Woken by the command
 * API through Valkey when one is configured, else it polls.
 *
 * @module
 */
import { z } from "zod";
import { createPostgresEventStore, eventStoreSchema, prepareSchemaOrExit } from "@kopek/eventstore";
import {
  ConfigFields,
  connect,
  createLogger,
  exitOnFatal,
  loadConfigOrExit,
  openBus,
} from "@kopek/platform";
import { IMPORTS_QUEUED_CHANNEL } from "./queue.ts";
import { importsSchema } from "./store.ts";
import { createImportWorker } from "./worker.ts";

/** The variables the import worker reads. */
export const ImportsConfig = z.object({
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
});

if (import.meta.main) {
  const config = loadConfigOrExit(ImportsConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-imports" });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 4, applicationName: "kopek-imports" });
  await prepareSchemaOrExit(sql, [eventStoreSchema, importsSchema], logger);
  const bus = await openBus(config.KOPEK_VALKEY_URL, logger);
  const worker = createImportWorker({ sql, store: createPostgresEventStore(sql), logger });
  const unsubscribe = await bus.subscribe(IMPORTS_QUEUED_CHANNEL, () => worker.nudge());
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await unsubscribe();
    await bus.close();
    await sql.end({ timeout: 5 });
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
  worker.start();
  logger.info({ workerId: worker.workerId }, "import worker started");
}
