/**
 * The scheduler of recurring expenses as its own service (distributed mode):
 * `deno task serve:scheduler`. Any number of replicas may run: each records
 * the occurrences due through the group decider, which accepts each one once
 * (ADR 0051). It serves `/healthz`, `/readyz` (the database) and `/metrics`
 * on `KOPEK_PORT` (default 8080).
 *
 * @module
 */
import { createPostgresEventStore } from "@kopek/eventstore";
import { createCachedFxResolver } from "@kopek/rates";
import { databaseCheck, openServiceProcess, serveWorkerProcess } from "@kopek/platform";
import { compose, SCHEDULER_PROCESS_SCHEMA, SchedulerConfig } from "./compose.ts";

export { SchedulerConfig };

if (import.meta.main) {
  const shared = await openServiceProcess({
    config: SchedulerConfig,
    name: "scheduler",
    poolSize: 4,
    schema: SCHEDULER_PROCESS_SCHEMA,
  });
  const { config, logger, sql, bus } = shared;
  const worker = compose(config, {
    ...shared,
    store: createPostgresEventStore(sql),
    fx: createCachedFxResolver(sql, bus),
  });
  worker.start();
  await serveWorkerProcess(shared, {
    checks: [databaseCheck(sql)],
    worker,
    onListening: () => logger.info({ port: config.KOPEK_PORT }, "scheduler started"),
  });
}
