/**
 * Test and benchmark helpers of the projector: simulated groups that
 * generate realistic event histories, and a test environment.
 *
 * @module
 */
export * from "./builder.ts";
export * from "./setup.ts";
export * from "./poison.ts";
export * from "./long_group.ts";
