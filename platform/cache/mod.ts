/**
 * The cache and pub/sub port of Kopek's services, with its two adapters:
 * Valkey (through ioredis) for distributed deployments, and in-process for
 * the all-in-one process without Valkey. Both pass the suite in
 * `contract.ts`, which adapter tests import directly.
 *
 * @example
 * ```ts
 * const bus = url
 *   ? await createValkeyBus(url, { logger, prefix: "kopek:" })
 *   : createInProcessBus({ logger });
 * ```
 *
 * @module
 */
export type { BusHealth, Cache, KeyValueBus, PubSub, WindowCounter } from "./port.ts";
export { createInProcessBus, type InProcessBusOptions } from "./in_process.ts";
export { createValkeyBus, type ValkeyBusOptions } from "./valkey.ts";
export { busReadinessCheck } from "./readiness.ts";
export { openBus } from "./open.ts";
export {
  createGroupNotices,
  decodeNotices,
  encodeNotices,
  GROUP_APPENDED_CHANNEL,
  type GroupNotices,
  type GroupNoticesOptions,
  MAX_NOTICE_ENTRIES,
  PROBE_MS,
} from "./group_notices.ts";
