/**
 * The scheduler of recurring expenses (ADR 0051).
 *
 * @module
 */
export * from "./scheduler.ts";
export * from "./due_source.ts";
export * from "./worker.ts";
export {
  compose as composeScheduler,
  SCHEDULER_PROCESS_SCHEMA,
  SchedulerConfig,
  type SchedulerShared,
} from "./compose.ts";
