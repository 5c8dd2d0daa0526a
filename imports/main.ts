/**
 * The import worker as its own service (distributed mode):
 * `deno task serve:imports`. Runs queued imports off the command API's
 * request path; any number of replicas share the queue (one job per user,
 * at most `IMPORT_POLICY.maxRunning` over all of them). Woken by the command
 * API through Valkey when one is configured, else it polls. It serves
 * `/healthz`, `/readyz` (the database) and `/metrics` (its runs and the jobs
 * by status, ADR 0036) on `KOPEK_PORT` (default 8080).
 *
 * @module
 */
import { createPostgresEventStore } from "@kopek/eventstore";
import { databaseCheck, openServiceProcess, serveWorkerProcess } from "@kopek/platform";
import { compose, IMPORTS_PROCESS_SCHEMA, ImportsConfig } from "./compose.ts";
import { IMPORTS_QUEUED_CHANNEL } from "./queue.ts";

export { ImportsConfig };

if (import.meta.main) {
  const shared = await openServiceProcess({
    config: ImportsConfig,
    name: "imports",
    poolSize: 4,
    schema: IMPORTS_PROCESS_SCHEMA,
  });
  const { config, logger, sql, bus } = shared;
  const worker = compose(config, { ...shared, store: createPostgresEventStore(sql) });
  const unsubscribe = await bus.subscribe(IMPORTS_QUEUED_CHANNEL, () => worker.nudge());
  worker.start();
  // Its health endpoints and metrics, until SIGINT/SIGTERM (handled once it listens).
  await serveWorkerProcess(shared, {
    checks: [databaseCheck(sql)],
    worker,
    detach: unsubscribe,
    onListening: () =>
      logger.info({ workerId: worker.workerId, port: config.KOPEK_PORT }, "import worker started"),
  });
}
