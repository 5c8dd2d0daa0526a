/**
 * The web push notifier as its own service (distributed mode):
 * `deno task serve:notifier`. It follows the event log from its checkpoint,
 * queues a push per subscription of each member told, and sends them
 * (ADR 0057); any number of replicas may send (deliveries are claimed with
 * `SKIP LOCKED`; following the log is one transaction per batch). Without
 * VAPID keys it sends nothing. It serves `/healthz`, `/readyz` and
 * `/metrics` on `KOPEK_PORT` (default 8080).
 *
 * @module
 */
import { createPostgresEventStore } from "@kopek/eventstore";
import { databaseCheck, openServiceProcess, serveWorkerProcess } from "@kopek/platform";
import { compose, NOTIFIER_PROCESS_SCHEMA, NotifierConfig } from "./compose.ts";
import { vapidOf } from "./vapid.ts";

export { NotifierConfig };

if (import.meta.main) {
  const shared = await openServiceProcess({
    config: NotifierConfig,
    name: "notifier",
    poolSize: 4,
    schema: NOTIFIER_PROCESS_SCHEMA,
  });
  const { config, logger, sql } = shared;
  const vapid = vapidOf(config);
  const idle = { start() {}, nudge() {}, stop: () => Promise.resolve() };
  const worker = vapid
    ? compose(config, { ...shared, store: createPostgresEventStore(sql), vapid })
    : idle;
  if (!vapid) logger.warn("no KOPEK_VAPID_PUBLIC_KEY and KOPEK_VAPID_PRIVATE_KEY: push is off");
  worker.start();
  await serveWorkerProcess(shared, {
    checks: [databaseCheck(sql)],
    worker,
    onListening: () => logger.info({ port: config.KOPEK_PORT }, "notifier started"),
  });
}
