/**
 * The Deno load driver (ADR 0033): runs the scenarios of `scenarios.js`,
 * the same ones the k6 scripts run, with `fetch`, and measures them. Three
 * ways in:
 *
 * - {@linkcode runLoad}: virtual users looping a scenario for a while, then
 *   the figures (requests/s, p50/p95/p99 per request, errors by status);
 *   the CLI `deno task load` (`main.ts`) prints them.
 * - {@linkcode startWrites} and {@linkcode startReads}: a write load that
 *   tracks every id it chose until acknowledged, and readers, running until
 *   stopped: the load of the topology test and of the fault suite.
 * - {@linkcode runScenario}: one scenario to its end (a sign-up);
 *   {@linkcode probe}: one request sent once, its sample.
 *
 * This module is the driver's face; the parts are `run.ts` (one scenario),
 * `figures.ts` (a load of virtual users and its figures) and `background.ts`
 * (the writers and readers that run until stopped).
 *
 * @module
 */
export type {
  Reply,
  RequestStep,
  RetryPolicy,
  Scenario,
  Session,
  WriteOutcome,
} from "./scenarios.js";
export { SCENARIOS, signUp } from "./scenarios.js";
export { ABORT_MS, ONCE, probe, Recorder, runScenario, type Sample } from "./run.ts";
export {
  describeLatency,
  errorsByStatus,
  type Figures,
  formatFigures,
  type LoadOptions,
  percentile,
  type RequestFigures,
  runLoad,
  summarize,
} from "./figures.ts";
export {
  type ReadLoad,
  startReads,
  startWrites,
  type WriteLoad,
  type WriteOptions,
} from "./background.ts";
