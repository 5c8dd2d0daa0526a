/**
 * The projector as its own process: `deno run -A projector/main.ts`.
 * Migrates the event store and the read models when its role owns the schema
 * (else checks that `kopek migrate` did, and refuses to start otherwise),
 * then follows the log until SIGINT/SIGTERM, announcing each committed batch
 * on Valkey when `KOPEK_VALKEY_URL` is set (query-api instances wake on it).
 * It serves its own `/healthz` (fails when the loop is stuck: restart it),
 * `/readyz` (database, migrations, loop, lag and waiting events) and
 * `/metrics` on `KOPEK_PORT` (default 8080), for an orchestrator's probes.
 * Quarantined streams show in its log (at start, and at `error` when one is
 * quarantined) and in the `/readyz` details.
 *
 * @module
 */
import { createPostgresEventStore } from "@kopek/eventstore";
import { openServiceProcess, serveWorkerProcess } from "@kopek/platform";
import { compose, PROJECTOR_PROCESS_SCHEMA, ProjectorConfig } from "./compose.ts";
import { quarantineSummary } from "./quarantine.ts";
import { projectorServiceHealth } from "./readiness.ts";

export { ProjectorConfig };

if (import.meta.main) {
  const shared = await openServiceProcess({
    config: ProjectorConfig,
    name: "projector",
    poolSize: 6,
    schema: PROJECTOR_PROCESS_SCHEMA,
  });
  const { config, logger, sql } = shared;
  const store = createPostgresEventStore(sql);
  const projector = compose(config, { ...shared, store });
  projector.start();
  logger.info({ batchSize: config.KOPEK_PROJECTOR_BATCH_SIZE }, "projector started");
  const quarantine = await quarantineSummary(sql);
  if (quarantine.streams > 0) {
    logger.warn(quarantine, "streams are quarantined: kopek quarantine list (docs/operations.md)");
  }
  // Its own health endpoints (projector/readiness.ts), until SIGINT/SIGTERM.
  await serveWorkerProcess(shared, {
    ...projectorServiceHealth({ sql, store, projector }),
    worker: projector,
  });
}
