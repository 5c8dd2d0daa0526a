/**
 * Imports as durable background jobs: a dump streams into PostgreSQL in
 * 1 MiB chunks (`receiveDump`), a worker claims the job under a lease
 * (`createImportWorker`), checks it and appends it in bounded batches
 * through an {@linkcode ImportEngine}, resumes it after a crash with the
 * same ids, and records how it ended; its owner reads it back
 * (`importJobViewFor`).
 *
 * @example
 * ```ts
 * import { createImportQueue, createImportWorker, importsMigrate } from "@kopek/imports";
 *
 * await importsMigrate(sql);
 * const worker = createImportWorker({ sql, store, logger });
 * const queue = createImportQueue({ sql, onQueued: () => worker.nudge() });
 * worker.start();
 * const { id } = await queue.enqueue({ ownerId, body: request.body! });
 * ```
 *
 * @module
 */
export type {
  CheckOutcome,
  DumpBytes,
  ImportContext,
  ImportEngine,
  ImportPlan,
  ImportRefusal,
  ImportStep,
} from "./engine.ts";
export { createDumpImportEngine, type DumpImportEngineOptions } from "./dump_engine.ts";
export {
  createCsvImportEngine,
  createFormatEngine,
  SHEET_GROUP_NAME,
  type SheetRates,
} from "./csv_engine.ts";
export {
  checkDump,
  type DumpSource,
  type ImportFailure,
  importFailureOf,
  type PassOptions,
  replayDump,
  type ReplayOptions,
} from "./pipeline.ts";
export { derivedIdFor } from "./ids.ts";
export { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";
export {
  type ImportedGroup,
  type ImportJob,
  type ImportJobStatus,
  type ImportJobView,
  type ImportProgress,
  type ImportSource,
  jobView,
} from "./job.ts";
export {
  importJobViewFor,
  importsMigrate,
  importsMigrations,
  importsSchema,
  readImportJob,
} from "./store.ts";
export {
  ImportQuotaError,
  ImportTooLargeError,
  ImportUploadExpiredError,
  jobBytes,
  receiveDump,
  type ReceiveInput,
} from "./receive.ts";
export {
  claimNextJob,
  failedProblem,
  finishJob,
  type JobEnd,
  releaseJob,
  renewLease,
  startHeldJob,
  sweepImportJobs,
  type SweepResult,
} from "./lease.ts";
export {
  importContext,
  LeaseLostError,
  type RunDeps,
  runImportJob,
  type RunOutcome,
  RunStoppedError,
} from "./runner.ts";
export { createImportWorker, type ImportWorker, type ImportWorkerOptions } from "./worker.ts";
export {
  compose as composeImports,
  type ImportsComposeConfig,
  ImportsConfig,
  type ImportsShared,
} from "./compose.ts";
export {
  createImportQueue,
  type EnqueueInput,
  type ImportQueue,
  IMPORTS_QUEUED_CHANNEL,
} from "./queue.ts";
export { IMPORT_JOB_STATUSES, type ImportRunOutcome, registerImportJobs } from "./metrics.ts";
