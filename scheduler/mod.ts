/**
 * The scheduler of recurring expenses (ADR 0051).
 *
 * @module
 */
export * from "./scheduler.ts";
export * from "./due_source.ts";
