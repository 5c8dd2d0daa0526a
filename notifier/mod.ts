/**
 * Web push notifications (ADR 0057): the push tables, the address checks of
 * endpoints, the notifier (follow the log, queue, send) and its wiring.
 *
 * @module
 */
export * from "./store.ts";
export * from "./endpoint_guard.ts";
export * from "./payload.ts";
export * from "./quiet_hours.ts";
export * from "./vapid.ts";
export { backoffMs, MAX_ATTEMPTS, type Vapid } from "./send.ts";
export { type NotifierWorker } from "./worker.ts";
export {
  compose as composeNotifier,
  NOTIFIER_PROCESS_SCHEMA,
  NotifierConfig,
  type NotifierShared,
} from "./compose.ts";
