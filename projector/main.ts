/**
 * The projector as its own process: `deno run -A projector/main.ts`.
 * Reads `KOPEK_DATABASE_URL` (required), `KOPEK_LOG_LEVEL`, and
 * `KOPEK_PROJECTOR_BATCH_SIZE`; migrates the event store and the read models,
 * then follows the log until SIGINT/SIGTERM.
 *
 * @module
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { connect, createLogger } from "@kopek/platform";
import { projectorMigrate } from "./migrate.ts";
import { createProjector } from "./projector.ts";

if (import.meta.main) {
  const logger = createLogger({
    level: Deno.env.get("KOPEK_LOG_LEVEL") ?? "info",
    name: "kopek-projector",
  });
  const url = Deno.env.get("KOPEK_DATABASE_URL");
  if (!url) {
    logger.fatal("KOPEK_DATABASE_URL is required");
    Deno.exit(2);
  }
  const batchSize = Number(Deno.env.get("KOPEK_PROJECTOR_BATCH_SIZE") ?? "2000");
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    logger.fatal("KOPEK_PROJECTOR_BATCH_SIZE must be a positive integer");
    Deno.exit(2);
  }
  const sql = connect(url, { max: 4, applicationName: "kopek-projector" });
  await migrate(sql);
  await projectorMigrate(sql);
  const projector = createProjector({
    sql,
    store: createPostgresEventStore(sql),
    logger,
    batchSize,
  });
  const shutdown = async () => {
    await projector.stop();
    await sql.end({ timeout: 5 });
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
  projector.start();
  logger.info({ batchSize }, "projector started");
}
